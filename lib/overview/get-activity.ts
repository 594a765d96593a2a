// Events received and deliveries made per time bucket, each delivery counted once by its outcome
// as it stands now (succeeded, failed for good, still in progress, cancelled), not by attempts: a
// delivery that failed twice and then succeeded on a retry is one success. So after a recovery
// (failed deliveries retried and delivered) the figures show it. Each count reads one time index
// (events.received_at, deliveries.created_at) over the range and groups with date_bin; empty
// buckets are filled in here.
import { db } from "@/lib/db";
import { rangeWindow, type OverviewRange } from "@/lib/overview/range";

export interface DeliveryOutcomeCounts {
  succeeded: number;
  /** Failed for good (no retries left). */
  failed: number;
  /** Pending or retrying: no final outcome yet. */
  inProgress: number;
  cancelled: number;
}

export interface ActivityBucket extends DeliveryOutcomeCounts {
  start: Date;
  events: number;
}

export interface Activity {
  from: Date;
  to: Date;
  bucketSeconds: number;
  buckets: ActivityBucket[];
  totals: DeliveryOutcomeCounts & {
    events: number;
    deliveries: number;
    /** Succeeded / (succeeded + failed), 0..1: of the deliveries with a final outcome; null without any. */
    successRate: number | null;
  };
}

export async function getActivity({ range, now = new Date() }: { range: OverviewRange; now?: Date }): Promise<Activity> {
  const window = rangeWindow(range, now);
  const step = `${window.bucketSeconds} seconds`;
  const [events, deliveries] = await Promise.all([
    db().$queryRaw<Array<{ start: Date; count: bigint }>>`
      SELECT date_bin(${step}::interval, received_at, timestamptz 'epoch') AS start, count(*) AS count
      FROM events
      WHERE received_at >= ${window.from} AND received_at < ${window.to}
      GROUP BY 1`,
    db().$queryRaw<Array<{ start: Date; succeeded: bigint; failed: bigint; in_progress: bigint; cancelled: bigint }>>`
      SELECT date_bin(${step}::interval, created_at, timestamptz 'epoch') AS start,
        count(*) FILTER (WHERE status = 'succeeded') AS succeeded,
        count(*) FILTER (WHERE status = 'failed') AS failed,
        count(*) FILTER (WHERE status IN ('pending', 'retrying')) AS in_progress,
        count(*) FILTER (WHERE status = 'cancelled') AS cancelled
      FROM deliveries
      WHERE created_at >= ${window.from} AND created_at < ${window.to}
      GROUP BY 1`,
  ]);
  const byStart = new Map(window.starts.map((start) => [start.getTime(), { start, events: 0, succeeded: 0, failed: 0, inProgress: 0, cancelled: 0 }]));
  for (const row of events) {
    const bucket = byStart.get(row.start.getTime());
    if (bucket) bucket.events = Number(row.count);
  }
  for (const row of deliveries) {
    const bucket = byStart.get(row.start.getTime());
    if (!bucket) continue;
    bucket.succeeded = Number(row.succeeded);
    bucket.failed = Number(row.failed);
    bucket.inProgress = Number(row.in_progress);
    bucket.cancelled = Number(row.cancelled);
  }
  const buckets = [...byStart.values()];
  const sum = (pick: (bucket: ActivityBucket) => number) => buckets.reduce((total, bucket) => total + pick(bucket), 0);
  const succeeded = sum((bucket) => bucket.succeeded);
  const failed = sum((bucket) => bucket.failed);
  const inProgress = sum((bucket) => bucket.inProgress);
  const cancelled = sum((bucket) => bucket.cancelled);
  return {
    from: window.from,
    to: window.to,
    bucketSeconds: window.bucketSeconds,
    buckets,
    totals: {
      events: sum((bucket) => bucket.events),
      deliveries: succeeded + failed + inProgress + cancelled,
      succeeded,
      failed,
      inProgress,
      cancelled,
      successRate: succeeded + failed === 0 ? null : succeeded / (succeeded + failed),
    },
  };
}
