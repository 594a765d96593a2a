// One inbox with its message counts by state; null when no inbox destination has this id.
import { pool } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import type { InboxView } from "@/lib/inboxes/schema";

export async function getInbox({ id }: { id: string }): Promise<InboxView | null> {
  if (!isUuid(id)) return null;
  const { rows } = await pool().query<{ id: string; name: string; lease: number; max: number; ordering_key: string | null; created_at: Date; counts: Record<string, number> }>(
    `SELECT d.id, d.name, d.inbox_lease_seconds AS lease, d.inbox_max_attempts AS max, d.ordering_key, d.created_at,
            (SELECT json_object_agg(state, n) FROM (SELECT state, count(*)::int AS n FROM inbox_messages WHERE destination_id = d.id GROUP BY state) c) AS counts
     FROM destinations d WHERE d.id = $1 AND d.kind = 'inbox'`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  const counts = row.counts ?? {};
  return {
    id: row.id,
    name: row.name,
    leaseSeconds: row.lease,
    maxAttempts: row.max,
    orderingKey: row.ordering_key,
    counts: { queued: counts.queued ?? 0, leased: counts.leased ?? 0, acked: counts.acked ?? 0, dead: counts.dead ?? 0 },
    createdAt: row.created_at.toISOString(),
  };
}
