// "Send a test delivery": one signed POST to a destination, built by the same sendAttempt as every
// real attempt (its custom headers, Standard Webhooks signatures with every active secret, the
// SSRF-guarded client with the destination's timeout and address policy), made now, in the
// caller's process, and recorded with its outcome in destination_test_deliveries. It is not a
// delivery: no event, no retries, and it counts neither in the destination's health nor in its
// circuit breaker (an operator checking a fix must not close a circuit by hand). A paused
// destination can be tested too: that is how an operator checks the endpoint before resuming it.
import type { Actor } from "@/lib/audit/actor";
import { pool } from "@/lib/db";
import { TEST_RESPONSE_SNIPPET_CHARS, type TestDeliveryRecord } from "@/lib/destinations/list-test-deliveries";
import { isUuid } from "@/lib/ids";
import { logger } from "@/lib/log";
import type { HostLookup } from "@/lib/net/guarded-request";
import { recordedResponseHeaders } from "@/lib/pipeline/dispatch/recorded-headers";
import { openDestination, responseText, sendAttempt } from "@/lib/pipeline/dispatch/send-attempt";
import { newWebhookId } from "@/lib/pipeline/dispatch/webhook-id";

const log = logger("dispatch.test-delivery");

/** Test deliveries kept per destination (older ones are deleted as new ones are recorded). */
export const KEPT_TEST_DELIVERIES = 10;

export type SendTestDeliveryResult = { ok: true; testDelivery: TestDeliveryRecord } | { ok: false; code: "destination_not_found" };

interface DestinationRow {
  id: string;
  name: string;
  url: string;
  headers: unknown;
  timeout_ms: number;
  allow_private_network: boolean;
  secrets: string[];
  now: Date;
}

/** The test payload: says what it is, so a receiver's logs are not confusing. */
export function testDeliveryBody({ destination, sentAt }: { destination: { id: string; name: string }; sentAt: Date }): string {
  return JSON.stringify({
    type: "switchyard.test",
    timestamp: sentAt.toISOString(),
    data: { message: "A test delivery from Switchyard. It carries no event; nothing needs to be done with it.", destination: { id: destination.id, name: destination.name } },
  });
}

export async function sendTestDelivery({
  destinationId,
  actor,
  allowCidrs,
  lookup,
}: {
  destinationId: string;
  actor: Actor;
  /** Instance allowlist; defaults to OUTBOUND_ALLOW_CIDRS. */
  allowCidrs?: readonly string[];
  /** Name resolution, for tests. */
  lookup?: HostLookup;
}): Promise<SendTestDeliveryResult> {
  if (!isUuid(destinationId)) return { ok: false, code: "destination_not_found" };
  // The database's clock, as real attempts use: the signature's timestamp and startedAt.
  const { rows } = await pool().query<DestinationRow>(
    `SELECT t.id, t.name, t.url, t.headers, t.timeout_ms, t.allow_private_network, clock_timestamp() AS now,
            coalesce((SELECT json_agg(s.encrypted ORDER BY s.created_at DESC) FROM destination_secrets s
                      WHERE s.destination_id = t.id AND (s.expires_at IS NULL OR s.expires_at > clock_timestamp())), '[]') AS secrets
     FROM destinations t WHERE t.id = $1::uuid`,
    [destinationId],
  );
  const destination = rows[0];
  if (!destination) return { ok: false, code: "destination_not_found" };
  const nowTaken = performance.now();
  const clock = () => new Date(destination.now.getTime() + Math.round(performance.now() - nowTaken));

  const webhookId = newWebhookId();
  const body = testDeliveryBody({ destination, sentAt: destination.now });
  const attempt = await sendAttempt(
    {
      destination: openDestination(destination, { allowCidrs, lookup }),
      webhookId,
      body: Buffer.from(body),
      contentType: "application/json",
    },
    clock,
  );
  const responseStatus = attempt.response?.status ?? null;

  // Recorded, and only the latest few kept; the destination may have been deleted meanwhile.
  const { rows: inserted } = await pool().query<{ id: string }>(
    `WITH recorded AS (
       INSERT INTO destination_test_deliveries (destination_id, webhook_id, started_at, duration_ms, request_url, request_headers, request_body,
                                                response_status, response_headers, response_body, error_class, error_message, actor_label)
       SELECT $1::uuid, $2, $3, $4, $5, $6::jsonb, $7, $8, $9::jsonb, $10, $11, $12, $13
       WHERE EXISTS (SELECT 1 FROM destinations WHERE id = $1::uuid)
       RETURNING id
     ), pruned AS (
       DELETE FROM destination_test_deliveries WHERE id IN (
         SELECT id FROM destination_test_deliveries WHERE destination_id = $1::uuid ORDER BY started_at DESC, id DESC OFFSET ${KEPT_TEST_DELIVERIES - 1}
       )
     )
     SELECT id FROM recorded`,
    [
      destination.id,
      webhookId,
      attempt.startedAt,
      attempt.durationMs,
      destination.url,
      JSON.stringify(attempt.recordedRequestHeaders),
      body,
      responseStatus,
      attempt.response ? JSON.stringify(recordedResponseHeaders(attempt.response.headers)) : null,
      attempt.response ? responseText(attempt.response.body) : null,
      attempt.errorClass,
      attempt.errorMessage,
      actor.label,
    ],
  );
  const id = inserted[0]?.id;
  if (!id) return { ok: false, code: "destination_not_found" };
  const ok = attempt.errorClass === null;
  log.info("test delivery sent", { destinationId, testDeliveryId: id, ok, responseStatus, errorClass: attempt.errorClass, durationMs: attempt.durationMs, actor: actor.label });
  return {
    ok: true,
    testDelivery: {
      id,
      destinationId: destination.id,
      webhookId,
      startedAt: attempt.startedAt,
      durationMs: attempt.durationMs,
      requestUrl: destination.url,
      requestBody: body,
      ok,
      responseStatus,
      responseSnippet: attempt.response ? responseText(attempt.response.body).slice(0, TEST_RESPONSE_SNIPPET_CHARS) : null,
      errorClass: attempt.errorClass,
      errorMessage: attempt.errorMessage,
      actorLabel: actor.label,
    },
  };
}
