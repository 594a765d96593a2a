// One delivery with its latest outcome and its last attempt, for GET /api/v1/deliveries/{id}: how
// a retried row learns, in place, how its new attempt went.
import { pool } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import { DELIVERY_ROW_SELECT, toDeliveryListItem, type DeliveryListItem, type DeliveryRow } from "@/lib/deliveries/list-deliveries";

export interface DeliveryAttemptSummary {
  number: number;
  startedAt: Date;
  durationMs: number;
  /** The HTTP status it got; null when it got no answer. */
  responseStatus: number | null;
  /** timeout, dns, connection_refused, blocked_address, http_status, …; null on a 2xx. */
  errorClass: string | null;
  errorMessage: string | null;
}

export interface DeliveryDetail extends DeliveryListItem {
  lastAttempt: DeliveryAttemptSummary | null;
}

export async function getDelivery({ id }: { id: string }): Promise<DeliveryDetail | null> {
  if (!isUuid(id)) return null;
  const { rows } = await pool().query<DeliveryRow & { attempt_number: number | null; attempt_started_at: Date | null; attempt_duration_ms: number | null; attempt_status: number | null; attempt_error_class: string | null; attempt_error_message: string | null }>(
    `SELECT q.*, a.number AS attempt_number, a.started_at AS attempt_started_at, a.duration_ms AS attempt_duration_ms,
            a.response_status AS attempt_status, a.error_class AS attempt_error_class, a.error_message AS attempt_error_message
     FROM (${DELIVERY_ROW_SELECT} WHERE d.id = $1::uuid) q
     LEFT JOIN delivery_attempts a ON a.delivery_id = q.id AND a.number = q.attempts`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    ...toDeliveryListItem(row),
    lastAttempt:
      row.attempt_number === null || row.attempt_started_at === null
        ? null
        : {
            number: row.attempt_number,
            startedAt: row.attempt_started_at,
            durationMs: row.attempt_duration_ms ?? 0,
            responseStatus: row.attempt_status,
            errorClass: row.attempt_error_class,
            errorMessage: row.attempt_error_message,
          },
  };
}
