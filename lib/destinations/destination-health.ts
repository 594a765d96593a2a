// How a destination's endpoint is doing, from its delivery attempts: over the last hour and the
// last day, how many attempts, the share that got a 2xx, and the median and 95th-percentile time
// an attempt took (every attempt: a timeout's time is part of what the receiver costs); with the
// failed attempts in a row and since when (what the engine keeps, destinations.consecutive_failures
// and failing_since, and what its circuit breaker reads), the last failed attempt of the day and the deliveries waiting. Attempts are read by time through
// delivery_attempts' started_at index, joined to their delivery for the destination.
//   listDestinationHealth: the last hour for every destination at once, one query (the list page).
//   getDestinationHealth: everything, for one destination, one query (its page, the API).
import { db } from "@/lib/db";
import type { DestinationHealthView } from "@/lib/destinations/schema";
import { UUID_PATTERN } from "@/lib/ids";

export type HealthWindow = DestinationHealthView["lastHour"];

/** The list page's health cell. */
export interface DestinationHealthSummary {
  consecutiveFailures: number;
  lastHour: HealthWindow;
}

interface WindowRow {
  attempts: number;
  succeeded: number;
  p50: number | null;
  p95: number | null;
}

function toWindow({ attempts, succeeded, p50, p95 }: WindowRow): HealthWindow {
  return {
    attempts,
    succeeded,
    successRate: attempts === 0 ? null : succeeded / attempts,
    p50Ms: p50 === null ? null : Math.round(p50),
    p95Ms: p95 === null ? null : Math.round(p95),
  };
}

/** Health of every destination over the last hour, by destination id. */
export async function listDestinationHealth(): Promise<Map<string, DestinationHealthSummary>> {
  const rows = await db().$queryRaw<Array<WindowRow & { id: string; consecutive_failures: number }>>`
    SELECT t.id, t.consecutive_failures,
           coalesce(h.attempts, 0)::int AS attempts, coalesce(h.succeeded, 0)::int AS succeeded, h.p50, h.p95
    FROM destinations t
    LEFT JOIN (
      SELECT d.destination_id, count(*) AS attempts,
             count(*) FILTER (WHERE a.response_status BETWEEN 200 AND 299) AS succeeded,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY a.duration_ms) AS p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY a.duration_ms) AS p95
      FROM delivery_attempts a
      JOIN deliveries d ON d.id = a.delivery_id
      WHERE a.started_at >= now() - interval '1 hour'
      GROUP BY d.destination_id
    ) h ON h.destination_id = t.id`;
  return new Map(rows.map((row) => [row.id, { consecutiveFailures: row.consecutive_failures, lastHour: toWindow(row) }]));
}

interface HealthRow {
  consecutive_failures: number;
  failing_since: Date | null;
  waiting: number;
  hour_attempts: number;
  hour_succeeded: number;
  hour_p50: number | null;
  hour_p95: number | null;
  day_attempts: number;
  day_succeeded: number;
  day_p50: number | null;
  day_p95: number | null;
  error_at: Date | null;
  error_status: number | null;
  error_class: string | null;
  error_message: string | null;
}

export async function getDestinationHealth({ id }: { id: string }): Promise<DestinationHealthView | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const rows = await db().$queryRaw<HealthRow[]>`
    WITH day AS MATERIALIZED (
      SELECT a.started_at, a.duration_ms, a.response_status, a.error_class, a.error_message,
             coalesce(a.response_status BETWEEN 200 AND 299, false) AS ok,
             a.started_at >= now() - interval '1 hour' AS in_hour
      FROM delivery_attempts a
      JOIN deliveries d ON d.id = a.delivery_id
      WHERE d.destination_id = ${id}::uuid AND a.started_at >= now() - interval '1 day'
    )
    SELECT t.consecutive_failures, t.failing_since,
           (SELECT count(*)::int FROM deliveries x WHERE x.destination_id = t.id AND x.status IN ('pending', 'retrying')) AS waiting,
           w.*, e.*
    FROM destinations t
    CROSS JOIN (
      SELECT count(*) FILTER (WHERE in_hour)::int AS hour_attempts,
             count(*) FILTER (WHERE in_hour AND ok)::int AS hour_succeeded,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE in_hour) AS hour_p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE in_hour) AS hour_p95,
             count(*)::int AS day_attempts,
             count(*) FILTER (WHERE ok)::int AS day_succeeded,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS day_p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS day_p95
      FROM day
    ) w
    LEFT JOIN LATERAL (
      SELECT started_at AS error_at, response_status AS error_status, error_class, error_message
      FROM day WHERE NOT ok ORDER BY started_at DESC LIMIT 1
    ) e ON true
    WHERE t.id = ${id}::uuid`;
  const row = rows[0];
  if (!row) return null;
  return {
    consecutiveFailures: row.consecutive_failures,
    failingSince: row.failing_since?.toISOString() ?? null,
    waiting: row.waiting,
    lastHour: toWindow({ attempts: row.hour_attempts, succeeded: row.hour_succeeded, p50: row.hour_p50, p95: row.hour_p95 }),
    lastDay: toWindow({ attempts: row.day_attempts, succeeded: row.day_succeeded, p50: row.day_p50, p95: row.day_p95 }),
    lastError: row.error_at
      ? { at: row.error_at.toISOString(), responseStatus: row.error_status, errorClass: row.error_class, message: row.error_message }
      : null,
  };
}
