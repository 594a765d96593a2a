// Hands out up to `max` receivable messages of one inbox under a fresh lease each, in seq order, in
// ONE statement. Receivable: queued and available, or leased with its lease run out. Rows another
// consumer is leasing right now are skipped (FOR UPDATE SKIP LOCKED), so concurrent receivers never
// get the same message. In the same statement, messages whose lease ran out after their last
// allowed attempt are dead-lettered, and their deliveries marked failed (retryable like any).
// An inbox with an ordering key hands out only the head of each key (lib/ordering): the database,
// not the consumers, decides, so two consumers receiving at once still take one message per key.
// Each message's body is built and signed here, per receive: a fresh webhook-timestamp every time.
import { decryptSecret } from "@/lib/crypto/secret-box";
import { pool } from "@/lib/db";
import type { InboxMessageView } from "@/lib/inboxes/schema";
import { awaitingRoutingSql, earlierOpenExists } from "@/lib/ordering/ordering-sql";
import { signOutgoing } from "@/lib/pipeline/dispatch/sign-outgoing";
import { pipelineTracer } from "@/lib/tracing/pipeline-tracer";

export const LEASE_EXPIRED_ERROR = "lease expired without an ack";

interface LeasedRow {
  id: string;
  seq: string;
  lease_id: string;
  leased_until: Date;
  attempts: number;
  delivery_id: string;
  /** The routing span's traceparent (lib/tracing), when the delivery is traced. */
  trace_parent: string | null;
  webhook_id: string;
  rendered_body: Buffer | null;
  event: { id: string; sourceId: string; type: string | null; receivedAt: string; method: string; headers: Record<string, string>; payload: unknown };
  summary: string | null;
  tags: string[];
  routing: Record<string, unknown>;
  secrets: string[];
}

const LEASE = `
  WITH inbox AS (
    SELECT id, inbox_lease_seconds, inbox_max_attempts FROM destinations WHERE id = $1::uuid AND kind = 'inbox'
  ), dead AS (
    UPDATE inbox_messages m SET state = 'dead', lease_id = NULL, leased_until = NULL, updated_at = now(),
                                last_error = coalesce(m.last_error, '${LEASE_EXPIRED_ERROR}')
    FROM inbox
    WHERE m.destination_id = inbox.id AND m.state = 'leased' AND m.leased_until <= now() AND m.attempts >= inbox.inbox_max_attempts
    RETURNING m.delivery_id, m.attempts, m.last_error
  ), dead_deliveries AS (
    UPDATE deliveries x SET status = 'failed', attempts = dead.attempts, next_attempt_at = NULL,
                            last_error = 'dead-lettered after ' || dead.attempts || ' receives: ' || dead.last_error, updated_at = now()
    FROM dead WHERE x.id = dead.delivery_id
  ), picked AS (
    SELECT m.id FROM inbox_messages m JOIN inbox ON m.destination_id = inbox.id JOIN deliveries x ON x.id = m.delivery_id
    WHERE m.state IN ('queued', 'leased')
      AND ((m.state = 'queued' AND m.available_at <= now())
           OR (m.state = 'leased' AND m.leased_until <= now() AND m.attempts < inbox.inbox_max_attempts))
      -- Ordered: only the head of its key (no earlier delivery of the key still open: queued,
      -- leased, nacked or dead-lettered). A leased head's delivery is open, so a key has at most one
      -- message out at a time, whichever consumer holds it.
      -- (and not while an event received before it is still being routed: it may belong first).
      AND (x.ordering_key IS NULL OR NOT (${earlierOpenExists("x")} OR ${awaitingRoutingSql("x", "(SELECT source_id FROM events WHERE id = x.event_id)")}))
    ORDER BY m.seq
    LIMIT $2
    FOR UPDATE OF m SKIP LOCKED
  ), leased AS (
    UPDATE inbox_messages m SET state = 'leased', lease_id = gen_random_uuid(), lease_holder = $4::uuid, attempts = m.attempts + 1, updated_at = now(),
                                leased_until = now() + make_interval(secs => coalesce($3::int, inbox.inbox_lease_seconds))
    FROM picked, inbox WHERE m.id = picked.id
    RETURNING m.id, m.seq, m.lease_id, m.leased_until, m.attempts, m.delivery_id
  )
  SELECT l.id, l.seq::text AS seq, l.lease_id, l.leased_until, l.attempts, l.delivery_id,
         x.webhook_id, x.trace_parent, x.body AS rendered_body,
         json_build_object('id', e.id, 'sourceId', e.source_id, 'type', e.event_type, 'receivedAt', e.received_at,
                           'method', e.method, 'headers', e.headers, 'payload', e.payload) AS event,
         e.summary, coalesce(r.tags, e.tags) AS tags, coalesce(r.routing, e.routing) AS routing,
         coalesce((SELECT json_agg(s.encrypted ORDER BY s.created_at DESC) FROM destination_secrets s
                   WHERE s.destination_id = $1::uuid AND (s.expires_at IS NULL OR s.expires_at > now())), '[]') AS secrets
  FROM leased l
  JOIN deliveries x ON x.id = l.delivery_id
  JOIN events e ON e.id = x.event_id
  LEFT JOIN routing_runs r ON r.id = x.routing_run_id
  ORDER BY l.seq`;

/** The JSON text an agent receives (and verifies): what happened and what routing made of it. */
export function messageBody(row: Omit<LeasedRow, "secrets" | "lease_id" | "leased_until" | "seq" | "webhook_id">): string {
  return JSON.stringify({
    messageId: row.id,
    deliveryId: row.delivery_id,
    attempt: row.attempts,
    event: row.event,
    summary: row.summary,
    tags: row.tags,
    routing: row.routing,
    // A rule that renders a body from a template: what it rendered.
    ...(row.rendered_body ? { body: row.rendered_body.toString("utf8") } : {}),
  });
}

// A resumed stream: what it holds and was sent after the client's Last-Event-ID, under a fresh lease
// (not counted as another attempt: the client never saw it).
const RESUME = LEASE.replace(
  /picked AS \([\s\S]*?FOR UPDATE OF m SKIP LOCKED\n {2}\)/,
  `picked AS (
    SELECT m.id FROM inbox_messages m JOIN inbox ON m.destination_id = inbox.id
    WHERE m.state = 'leased' AND m.lease_holder = $4::uuid AND m.seq > $5::bigint
    ORDER BY m.seq
    LIMIT $2
    FOR UPDATE OF m SKIP LOCKED
  )`,
).replace("attempts = m.attempts + 1", "attempts = m.attempts");
if (RESUME === LEASE) throw new Error("lease-messages: the resume statement was not derived from the lease statement");

export async function leaseMessages({
  inboxId,
  max,
  leaseSeconds,
  holder = null,
  resumeAfterSeq,
}: {
  inboxId: string;
  max: number;
  leaseSeconds?: number | undefined;
  /** The stream taking the lease; null for a pull. */
  holder?: string | null;
  /** With a holder: re-lease what it holds after this seq instead (a stream resumed with Last-Event-ID). */
  resumeAfterSeq?: string;
}): Promise<InboxMessageView[]> {
  const startTime = Date.now();
  const { rows } =
    resumeAfterSeq === undefined
      ? await pool().query<LeasedRow>(LEASE, [inboxId, max, leaseSeconds ?? null, holder])
      : await pool().query<LeasedRow>(RESUME, [inboxId, max, leaseSeconds ?? null, holder, resumeAfterSeq]);
  const tracer = pipelineTracer();
  if (tracer) {
    for (const row of rows) {
      if (row.trace_parent) tracer.recordInboxLease({ traceParent: row.trace_parent, inboxId, deliveryId: row.delivery_id, messageId: row.id, attempt: row.attempts, startTime, resumed: resumeAfterSeq !== undefined });
    }
  }
  return rows.map((row) => {
    const body = messageBody(row);
    const headers = signOutgoing({ webhookId: row.webhook_id, body: Buffer.from(body), secrets: row.secrets.map((box) => decryptSecret(box)) });
    return {
      id: row.id,
      seq: row.seq,
      leaseId: row.lease_id,
      leaseExpiresAt: row.leased_until.toISOString(),
      attempt: row.attempts,
      headers,
      body,
    };
  });
}

/**
 * Messages a stream holds under a running lease (what it was sent and has not settled yet), and
 * when the first of those leases runs out: then it has room again even without an ack.
 */
export async function heldByStream({ inboxId, holder }: { inboxId: string; holder: string }): Promise<{ count: number; firstExpiry: Date | null }> {
  const { rows } = await pool().query<{ n: number; first_expiry: Date | null }>(
    `SELECT count(*)::int AS n, min(leased_until) AS first_expiry FROM inbox_messages
     WHERE destination_id = $1::uuid AND state = 'leased' AND lease_holder = $2::uuid AND leased_until > now()`,
    [inboxId, holder],
  );
  return { count: rows[0]?.n ?? 0, firstExpiry: rows[0]?.first_expiry ?? null };
}

/**
 * When the next message of the inbox becomes receivable by the clock alone (a nack's delay or a
 * lease running out), or null when none waits for a time: a waiting receive sleeps until then at most.
 */
export async function nextDueAt({ inboxId }: { inboxId: string }): Promise<Date | null> {
  // A message waiting behind its ordering key's head does not count: it is woken by that one's
  // ack, retry or skip (a NOTIFY), not by the clock.
  const { rows } = await pool().query<{ due: Date | null }>(
    // A head waiting for an earlier event's routing is looked at again a second later.
    `SELECT min(CASE WHEN x.ordering_key IS NOT NULL AND ${awaitingRoutingSql("x", "(SELECT source_id FROM events WHERE id = x.event_id)")} THEN now() + interval '1 second'
                     WHEN m.state = 'queued' THEN m.available_at ELSE m.leased_until END) AS due
     FROM inbox_messages m JOIN deliveries x ON x.id = m.delivery_id
     WHERE m.destination_id = $1::uuid AND m.state IN ('queued', 'leased')
       AND (x.ordering_key IS NULL OR NOT ${earlierOpenExists("x")})`,
    [inboxId],
  );
  return rows[0]?.due ?? null;
}
