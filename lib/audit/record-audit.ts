// Writes one audit log row. Mutations call it with their own transaction, so a change and its
// record commit (or roll back) together: nothing changes unrecorded, and a failed change records
// nothing. Details name what changed (field names, counts, ids), never a secret's value.
import { v7 as timeOrderedUuid } from "uuid";
import type pg from "pg";
import type { Actor } from "@/lib/audit/actor";
import type { Prisma } from "@/lib/generated/prisma/client";

export const AUDIT_ACTIONS = [
  "source.created",
  "source.updated",
  "source.enabled",
  "source.disabled",
  "source.deleted",
  "source_secret.rotated",
  "source_secret.revealed",
  "rule.created",
  "rule.updated",
  "rule.deleted",
  "rule.reordered",
  "rule.rolled_back",
  "destination.created",
  "destination.updated",
  "destination.deleted",
  "destination.paused",
  "destination.resumed",
  "destination.circuit_opened",
  "destination.circuit_closed",
  "destination.probe_requested",
  "destination.private_network_allowed",
  "destination.private_network_disallowed",
  "destination_headers.revealed",
  "destination_secret.rotated",
  "api_token.created",
  "api_token.revoked",
  "inbox_token.created",
  "inbox_token.revoked",
  "delivery.retried",
  "delivery.cancelled",
  "delivery.skipped",
  "event.replayed",
  "bulk_operation.started",
  "bulk_operation.cancelled",
  "notification_channel.created",
  "notification_channel.updated",
  "notification_channel.deleted",
  "alert_rule.updated",
  "user.invited",
  "user.joined",
  "user.role_changed",
  "user.disabled",
  "user.enabled",
  "user.sso_unlinked",
  "user.removed",
  "user.signed_out_everywhere",
  "invite.revoked",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What a row is about; secret actions point at their source or destination, a reorder at its source. */
export const AUDIT_TARGET_TYPES = [
  "source",
  "destination",
  "rule",
  "api_token",
  "delivery",
  "event",
  "bulk_operation",
  "notification_channel",
  "alert_rule",
  "user",
  "invite",
] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

/** A value kept in the log: a scalar, or a list of short texts. */
export type AuditValue = string | number | boolean | null | string[];
/** One changed field's value before and after (lib/audit/changed-fields.ts). */
// Type aliases, not interfaces: Prisma's JSON input type needs an implicit index signature.
/** A field's value before and after, or for a map whose values are not logged (headers), which keys changed. */
export type AuditChange = { from: AuditValue; to: AuditValue } | { added: string[]; removed: string[]; changed: string[] };

/** A flat record is for a bulk operation's filter (the operator's query, as started); `changes` maps fields to AuditChange. */
export type AuditDetails = Record<string, AuditValue | Record<string, string> | Record<string, AuditChange>>;

export interface AuditEntry {
  actor: Actor;
  action: AuditAction;
  target: { type: AuditTargetType; id: string; name: string | null };
  details?: AuditDetails;
}

// Entries are listed by (at, id), and `at` has millisecond precision and is its transaction's start:
// entries of one millisecond or one transaction keep the order they were made in only because their
// ids are time-ordered (UUIDv7, increasing within a process), not random.
export async function recordAudit(
  client: Pick<Prisma.TransactionClient, "auditLog">,
  { actor, action, target, details = {} }: AuditEntry,
): Promise<void> {
  await client.auditLog.create({
    data: {
      id: timeOrderedUuid(),
      actorId: actor.id,
      actorLabel: actor.label,
      action,
      targetType: target.type,
      targetId: target.id,
      targetName: target.name,
      details,
    },
  });
}

/** The same row on a plain pg transaction (the delivery, replay and bulk-operation paths run on pg). */
export async function recordAuditOnPg(
  client: pg.ClientBase,
  { actor, action, target, details = {} }: AuditEntry,
): Promise<void> {
  await client.query(
    `INSERT INTO audit_log (id, actor_id, actor_label, action, target_type, target_id, target_name, details)
     VALUES ($8::uuid, $1::uuid, $2::text, $3::text, $4::text, $5::text, $6::text, $7::jsonb)`,
    [actor.id, actor.label, action, target.type, target.id, target.name, JSON.stringify(details), timeOrderedUuid()],
  );
}
