// How much work waits in each pg-boss queue: jobs ready to run now (created or retry, due), the age
// of the oldest of them, and jobs scheduled for later (delivery retries, deferrals). Reads
// pgboss.job through its partial index on pending jobs (state < 'active', not blocked by a
// dependency). pg-boss's own internal queues (__pgboss__…) are left out.
import { db } from "@/lib/db";
import { BOSS_SCHEMA } from "@/lib/queue";

export interface QueueDepth {
  name: string;
  ready: number;
  /** When the oldest ready job was created; null when none is waiting. */
  oldestReadyAt: Date | null;
  scheduled: number;
}

export async function getQueueDepth(): Promise<QueueDepth[]> {
  const rows = await db().$queryRawUnsafe<Array<{ name: string; ready: bigint; oldest_ready_at: Date | null; scheduled: bigint }>>(`
    SELECT q.name,
      count(j.id) FILTER (WHERE j.start_after <= now()) AS ready,
      min(j.created_on) FILTER (WHERE j.start_after <= now()) AS oldest_ready_at,
      count(j.id) FILTER (WHERE j.start_after > now()) AS scheduled
    FROM ${BOSS_SCHEMA}.queue q
    LEFT JOIN ${BOSS_SCHEMA}.job j ON j.name = q.name AND j.state < 'active' AND NOT j.blocked
    WHERE NOT starts_with(q.name, '__pgboss__')
    GROUP BY q.name
    ORDER BY q.name`);
  return rows.map((row) => ({ name: row.name, ready: Number(row.ready), oldestReadyAt: row.oldest_ready_at, scheduled: Number(row.scheduled) }));
}
