// A destination's latest test deliveries ("Send a test delivery"; sent by
// lib/pipeline/dispatch/send-test-delivery.ts), newest first, with their outcome.
import { pool } from "@/lib/db";
import { isUuid } from "@/lib/ids";

export const TEST_RESPONSE_SNIPPET_CHARS = 500;

export interface TestDeliveryRecord {
  id: string;
  destinationId: string;
  webhookId: string;
  startedAt: Date;
  durationMs: number;
  requestUrl: string;
  /** The request's body as sent (JSON). */
  requestBody: string;
  /** The endpoint answered 2xx. */
  ok: boolean;
  responseStatus: number | null;
  /** The start of the response body (up to 500 characters). */
  responseSnippet: string | null;
  errorClass: string | null;
  errorMessage: string | null;
  actorLabel: string;
}

interface Row {
  id: string;
  destination_id: string;
  webhook_id: string;
  started_at: Date;
  duration_ms: number;
  request_url: string;
  request_body: string;
  response_status: number | null;
  response_snippet: string | null;
  error_class: string | null;
  error_message: string | null;
  actor_label: string;
}

export async function listTestDeliveries({ destinationId, limit = 5 }: { destinationId: string; limit?: number }): Promise<TestDeliveryRecord[]> {
  if (!isUuid(destinationId)) return [];
  const { rows } = await pool().query<Row>(
    `SELECT id, destination_id, webhook_id, started_at, duration_ms, request_url, request_body, response_status,
            left(response_body, ${TEST_RESPONSE_SNIPPET_CHARS}) AS response_snippet, error_class, error_message, actor_label
     FROM destination_test_deliveries WHERE destination_id = $1::uuid ORDER BY started_at DESC, id DESC LIMIT $2::int`,
    [destinationId, Math.min(Math.max(1, Math.trunc(limit)), 50)],
  );
  return rows.map(toTestDeliveryRecord);
}

export function toTestDeliveryRecord(row: Row): TestDeliveryRecord {
  return {
    id: row.id,
    destinationId: row.destination_id,
    webhookId: row.webhook_id,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    requestUrl: row.request_url,
    requestBody: row.request_body,
    ok: row.error_class === null,
    responseStatus: row.response_status,
    responseSnippet: row.response_snippet,
    errorClass: row.error_class,
    errorMessage: row.error_message,
    actorLabel: row.actor_label,
  };
}
