// BENCH_TIMELINE=1: each phase second by second, from the database's own timestamps: the phase's
// events received, routed and attempted in each second after the first was received, and the median
// HTTP duration of the attempts started in it. A phase's totals hide when it fell behind and why: at
// 1,000 events/s the first phase's backlog was built in its first ~10 s, while the receiver stored
// fewer than were sent and each attempt took 35 ms, not 5 (the destination's 10 slots then cap the
// attempts at ~290 a second); the rest of the phase only carried it.
import type pg from "pg";

export const timelineWanted = process.env.BENCH_TIMELINE === "1";

interface SecondRow {
  second: number;
  received: number;
  routed: number;
  attempted: number;
  http_p50: number | null;
}

/** The phase's seconds as lines of a table; `ids` are the phase's events (their delivery ids, as sent). */
export async function phaseTimeline(client: pg.Client, sourceId: string, ids: string[]): Promise<string[]> {
  const { rows } = await client.query<SecondRow>(
    `WITH e AS MATERIALIZED (
       SELECT e.id, e.received_at, e.processed_at FROM events e
        WHERE e.source_id = $1 AND coalesce(e.dedupe_key, e.headers->>'x-github-delivery') = ANY($2::text[])
     ), t0 AS (SELECT min(received_at) AS t FROM e),
     marks AS (
       SELECT received_at AS at, 1 AS received, 0 AS routed, 0 AS attempted, NULL::int AS http FROM e
       UNION ALL SELECT processed_at, 0, 1, 0, NULL FROM e WHERE processed_at IS NOT NULL
       UNION ALL SELECT a.started_at, 0, 0, 1, a.duration_ms FROM e JOIN deliveries d ON d.event_id = e.id JOIN delivery_attempts a ON a.delivery_id = d.id
     )
     SELECT floor(extract(epoch FROM m.at - t0.t))::int AS second, sum(received)::int AS received, sum(routed)::int AS routed,
            sum(attempted)::int AS attempted, percentile_cont(0.5) WITHIN GROUP (ORDER BY http) AS http_p50
       FROM marks m, t0 GROUP BY 1 ORDER BY 1`,
    [sourceId, ids],
  );
  const cell = (value: number | string, width: number) => String(value).padStart(width);
  return [
    `${cell("second", 8)}${cell("received", 10)}${cell("routed", 8)}${cell("attempted", 11)}${cell("HTTP p50 ms", 13)}`,
    ...rows.map(
      (row) =>
        `${cell(row.second, 8)}${cell(row.received, 10)}${cell(row.routed, 8)}${cell(row.attempted, 11)}${cell(row.http_p50 === null ? "—" : row.http_p50.toFixed(1), 13)}`,
    ),
  ];
}
