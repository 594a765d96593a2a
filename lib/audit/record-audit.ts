// Writes one audit log row. Mutations call it with their own transaction, so a change and its
// record commit (or roll back) together: nothing changes unrecorded, and a failed change records
// nothing. Details name what changed (field names, counts, ids), never a secret's value.
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
  "destination_secret.rotated",
  "api_token.created",
  "api_token.revoked",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What a row is about; secret actions point at their source or destination, a reorder at its source. */
export const AUDIT_TARGET_TYPES = ["source", "destination", "rule", "api_token"] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

export type AuditDetails = Record<string, string | number | boolean | null | string[]>;

export interface AuditEntry {
  actor: Actor;
  action: AuditAction;
  target: { type: AuditTargetType; id: string; name: string | null };
  details?: AuditDetails;
}

export async function recordAudit(
  client: Pick<Prisma.TransactionClient, "auditLog">,
  { actor, action, target, details = {} }: AuditEntry,
): Promise<void> {
  await client.auditLog.create({
    data: {
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
