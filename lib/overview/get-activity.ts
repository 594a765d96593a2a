// Events received and delivery attempts (succeeded / failed) per time bucket, for the overview's
// charts. Each count reads one time index (events.received_at, delivery_attempts.started_at) over
// the range and groups with date_bin; empty buckets are filled in here.
import { db } from "@/lib/db";
import { rangeWindow, type OverviewRange } from "@/lib/overview/range";

export interface ActivityBucket {
  start: Date;
  events: number;
  succeeded: number;
  failed: number;
}

export interface Activity {
  from: Date;
  to: Date;
  bucketSeconds: number;
  buckets: ActivityBucket[];
  totals: { events: number; succeeded: number; failed: number };
}

export async function getActivity({ range, now = new Date() }: { range: OverviewRange; now?: Date }): Promise<Activity> {
  const window = rangeWindow(range, now);
  const step = `${window.bucketSeconds} seconds`;
  const [events, attempts] = await Promise.all([
    db().$queryRaw<Array<{ start: Date; count: bigint }>>`
      SELECT date_bin(${step}::interval, received_at, timestamptz 'epoch') AS start, count(*) AS count
      FROM events
      WHERE received_at >= ${window.from} AND received_at < ${window.to}
      GROUP BY 1`,
    // An attempt succeeded on a 2xx answer (lib/pipeline/dispatch/attempt-delivery.ts); anything else failed.
    db().$queryRaw<Array<{ start: Date; succeeded: bigint; failed: bigint }>>`
      SELECT date_bin(${step}::interval, started_at, timestamptz 'epoch') AS start,
        count(*) FILTER (WHERE response_status BETWEEN 200 AND 299) AS succeeded,
        count(*) FILTER (WHERE response_status IS NULL OR response_status NOT BETWEEN 200 AND 299) AS failed
      FROM delivery_attempts
      WHERE started_at >= ${window.from} AND started_at < ${window.to}
      GROUP BY 1`,
  ]);
  const byStart = new Map(window.starts.map((start) => [start.getTime(), { start, events: 0, succeeded: 0, failed: 0 }]));
  for (const row of events) {
    const bucket = byStart.get(row.start.getTime());
    if (bucket) bucket.events = Number(row.count);
  }
  for (const row of attempts) {
    const bucket = byStart.get(row.start.getTime());
    if (!bucket) continue;
    bucket.succeeded = Number(row.succeeded);
    bucket.failed = Number(row.failed);
  }
  const buckets = [...byStart.values()];
  const totals = buckets.reduce(
    (sum, bucket) => ({ events: sum.events + bucket.events, succeeded: sum.succeeded + bucket.succeeded, failed: sum.failed + bucket.failed }),
    { events: 0, succeeded: 0, failed: 0 },
  );
  return { from: window.from, to: window.to, bucketSeconds: window.bucketSeconds, buckets, totals };
}
