// How many events a filter selects. With `cap`, counting stops there (the events page shows
// "10,000+" rather than counting a million rows on every view); without, the exact number.
import { pool } from "@/lib/db";
import type { EventFilter } from "@/lib/events/event-filter";
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
  const sql =
    cap === undefined
      ? `SELECT count(*)::int AS n FROM events e WHERE ${where.sql}`
      : `SELECT count(*)::int AS n FROM (SELECT 1 FROM events e WHERE ${where.sql} LIMIT $${where.values.length + 1}) capped`;
  const { rows } = await pool().query<{ n: number }>(sql, cap === undefined ? where.values : [...where.values, cap]);
  return rows[0]?.n ?? 0;
}
