// Ack, nack and lease extension of one received message, each named by its id and the leaseId it
// was received with. A lease is the consumer's until someone else receives the message: an ack
// after the lease ran out still counts when nobody has received it since (the leaseId is unchanged).
// An ack is idempotent (the same leaseId acks again); a nack after the inbox's max attempts
// dead-letters the message. Each updates the message's delivery in the same statement, so the
// deliveries pages show inbox messages like sent deliveries (acked = succeeded, dead = failed).
import { pool } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import type { SettledMessageView } from "@/lib/inboxes/schema";

export type SettleResult = { ok: true; message: SettledMessageView } | { ok: false; code: "inbox_message_not_found" | "lease_lost" };

const RETURNING = `RETURNING m.id, m.state::text AS state, m.leased_until, m.available_at, m.delivery_id, m.attempts, m.last_error`;

const ACK = `
  WITH m AS (
    UPDATE inbox_messages m SET state = 'acked', leased_until = NULL, updated_at = now()
    WHERE m.id = $1::uuid AND m.destination_id = $2::uuid AND m.lease_id = $3::uuid AND m.state IN ('leased', 'acked')
    ${RETURNING}
  ), d AS (
    UPDATE deliveries x SET status = 'succeeded', attempts = m.attempts, next_attempt_at = NULL, last_error = NULL, updated_at = now()
    FROM m WHERE x.id = m.delivery_id AND x.status <> 'succeeded'
  )
  SELECT * FROM m`;

const NACK = `
  WITH inbox AS (
    SELECT inbox_max_attempts FROM destinations WHERE id = $2::uuid
  ), m AS (
    UPDATE inbox_messages m
    SET state = (CASE WHEN m.attempts >= inbox.inbox_max_attempts THEN 'dead' ELSE 'queued' END)::"InboxMessageState",
        available_at = now() + make_interval(secs => $4::int), leased_until = NULL, lease_id = NULL, lease_holder = NULL,
        last_error = coalesce($5::text, 'nacked by the consumer'), updated_at = now()
    FROM inbox
    WHERE m.id = $1::uuid AND m.destination_id = $2::uuid AND m.lease_id = $3::uuid AND m.state = 'leased'
    ${RETURNING}
  ), d AS (
    UPDATE deliveries x
    SET status = (CASE WHEN m.state = 'dead' THEN 'failed' ELSE 'retrying' END)::"DeliveryStatus",
        attempts = m.attempts, next_attempt_at = CASE WHEN m.state = 'dead' THEN NULL ELSE m.available_at END,
        last_error = CASE WHEN m.state = 'dead' THEN 'dead-lettered after ' || m.attempts || ' receives: ' || m.last_error ELSE m.last_error END,
        updated_at = now()
    FROM m WHERE x.id = m.delivery_id
  )
  SELECT * FROM m`;

const EXTEND = `
  UPDATE inbox_messages m SET leased_until = now() + make_interval(secs => $4::int), updated_at = now()
  WHERE m.id = $1::uuid AND m.destination_id = $2::uuid AND m.lease_id = $3::uuid AND m.state = 'leased'
  ${RETURNING}`;

interface Row {
  id: string;
  state: SettledMessageView["state"];
  leased_until: Date | null;
  available_at: Date;
}

async function settle(sql: string, values: unknown[]): Promise<SettleResult> {
  const [messageId, inboxId, leaseId] = values as [string, string, string];
  if (!isUuid(messageId) || !isUuid(inboxId) || !isUuid(leaseId)) return { ok: false, code: "inbox_message_not_found" };
  const { rows } = await pool().query<Row>(sql, values);
  const row = rows[0];
  if (row) return { ok: true, message: { id: row.id, state: row.state, leaseExpiresAt: row.leased_until?.toISOString() ?? null, availableAt: row.available_at.toISOString() } };
  const { rowCount } = await pool().query("SELECT 1 FROM inbox_messages WHERE id = $1::uuid AND destination_id = $2::uuid", [messageId, inboxId]);
  return { ok: false, code: rowCount ? "lease_lost" : "inbox_message_not_found" };
}

export function ackMessage({ inboxId, messageId, leaseId }: { inboxId: string; messageId: string; leaseId: string }): Promise<SettleResult> {
  return settle(ACK, [messageId, inboxId, leaseId]);
}

export function nackMessage(options: { inboxId: string; messageId: string; leaseId: string; delaySeconds: number; error?: string | undefined }): Promise<SettleResult> {
  return settle(NACK, [options.messageId, options.inboxId, options.leaseId, options.delaySeconds, options.error ?? null]);
}

export function extendLease(options: { inboxId: string; messageId: string; leaseId: string; leaseSeconds: number }): Promise<SettleResult> {
  return settle(EXTEND, [options.messageId, options.inboxId, options.leaseId, options.leaseSeconds]);
}
