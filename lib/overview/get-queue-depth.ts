// How much work waits in each pg-boss queue: jobs ready to run now (created or retry, due), what
// they name, the age of the oldest of them, and jobs scheduled for later (delivery retries,
// deferrals). Reads pgboss.job through its partial index on pending jobs (state < 'active', not
// blocked by a dependency). pg-boss's own internal queues (__pgboss__…) are left out.
import { db } from "@/lib/db";
import { BOSS_SCHEMA } from "@/lib/queue";

export interface QueueDepth {
  name: string;
  ready: number;
  /**
   * What the ready jobs name: a routing job names every event of one receiver commit, and a
   * delivery job up to JOB_DELIVERIES deliveries, so under load the jobs alone say little about how
   * far behind the worker is. One per job in the queues whose jobs name one thing. (A routing job
   * also names a request that turned out a duplicate, until it is routed: the worker looks it up too.)
   */
  readyItems: number;
  /** When the oldest ready job was created; null when none is waiting. */
  oldestReadyAt: Date | null;
  scheduled: number;
}

// A job's payload (lib/queue.ts) names events or deliveries as an array; anything else is one item.
const ITEMS_OF_JOB = `CASE
  WHEN jsonb_typeof(j.data->'eventIds') = 'array' THEN jsonb_array_length(j.data->'eventIds')
  WHEN jsonb_typeof(j.data->'deliveryIds') = 'array' THEN jsonb_array_length(j.data->'deliveryIds')
  ELSE 1 END`;

export async function getQueueDepth(): Promise<QueueDepth[]> {
  const rows = await db().$queryRawUnsafe<Array<{ name: string; ready: bigint; ready_items: bigint | null; oldest_ready_at: Date | null; scheduled: bigint }>>(`
    SELECT q.name,
      count(j.id) FILTER (WHERE j.start_after <= now()) AS ready,
      sum(${ITEMS_OF_JOB}) FILTER (WHERE j.start_after <= now()) AS ready_items,
      min(j.created_on) FILTER (WHERE j.start_after <= now()) AS oldest_ready_at,
      count(j.id) FILTER (WHERE j.start_after > now()) AS scheduled
    FROM ${BOSS_SCHEMA}.queue q
    LEFT JOIN ${BOSS_SCHEMA}.job j ON j.name = q.name AND j.state < 'active' AND NOT j.blocked
    WHERE NOT starts_with(q.name, '__pgboss__')
    GROUP BY q.name
    ORDER BY q.name`);
  return rows.map((row) => ({
    name: row.name,
    ready: Number(row.ready),
    readyItems: Number(row.ready_items ?? 0),
    oldestReadyAt: row.oldest_ready_at,
    scheduled: Number(row.scheduled),
  }));
}
