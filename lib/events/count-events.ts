// How many events a filter selects. With `cap`, counting stops there (the events page shows
// "10,000+" rather than counting a million rows on every view); without, the exact number.
import { pool } from "@/lib/db";
import type { EventFilter } from "@/lib/events/event-filter";
import { CONDITION_ROW_COLUMNS, type ConditionRow } from "@/lib/events/condition-filter";
import { eventFilterSql } from "@/lib/events/event-filter-sql";

export async function countEvents({
  filter,
  cap,
  now = new Date(),
}: {
  filter: EventFilter;
  cap?: number;
  now?: Date;
}): Promise<number> {
  const where = eventFilterSql(filter, { now });
  if (where.matches) return countMatching(where.sql, where.values, where.matches, cap);
  const sql =
    cap === undefined
      ? `SELECT count(*)::int AS n FROM events e WHERE ${where.sql}`
      : `SELECT count(*)::int AS n FROM (SELECT 1 FROM events e WHERE ${where.sql} LIMIT $${where.values.length + 1}) capped`;
  const { rows } = await pool().query<{ n: number }>(sql, cap === undefined ? where.values : [...where.values, cap]);
  return rows[0]?.n ?? 0;
}

/** With conditions: the engine decides row by row, read in keyset batches (never all rows at once). */
async function countMatching(
  whereSql: string,
  whereValues: unknown[],
  matches: (row: ConditionRow) => boolean,
  cap: number | undefined,
): Promise<number> {
  const batch = 1000;
  let count = 0;
  let after: { receivedAt: Date; id: string } | null = null;
  for (;;) {
    const values: unknown[] = [...whereValues];
    let keyset = "";
    if (after) {
      values.push(after.receivedAt, after.id);
      keyset = ` AND (e.received_at, e.id) < ($${values.length - 1}, $${values.length}::uuid)`;
    }
    values.push(batch);
    const { rows } = await pool().query<ConditionRow & { received_at: Date }>(
      `SELECT e.received_at, ${CONDITION_ROW_COLUMNS} FROM events e WHERE ${whereSql}${keyset}
        ORDER BY e.received_at DESC, e.id DESC LIMIT $${values.length}`,
      values,
    );
    for (const row of rows) if (matches(row)) count++;
    if (cap !== undefined && count >= cap) return cap;
    const last = rows.at(-1);
    if (rows.length < batch || !last) return count;
    after = { receivedAt: last.received_at, id: last.cond_id };
  }
}
