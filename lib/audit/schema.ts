// The audit log's query and row shapes for /api/v1/audit-log (and its OpenAPI description).
import { z } from "zod";
import { AUDIT_TARGET_TYPES } from "@/lib/audit/record-audit";

/** One entry of the log as listAuditLog reads it (the API answers toAuditLogEntry of it). */
export interface AuditLogItem {
  id: string;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  target: {
    type: string;
    id: string | null;
    name: string | null;
    /** Still there (a token counts while it exists, revoked or not). */
    exists: boolean;
    /** A rule's source, for its link. */
    sourceId: string | null;
    /** A delivery's event, for its link (the event's page lists its deliveries). */
    eventId: string | null;
    /** A bulk operation's kind, for its link (retries show on /deliveries, replays on /events). */
    bulkKind: string | null;
  };
  details: Record<string, unknown>;
}

export interface AuditLogPage {
  entries: AuditLogItem[];
  /** Pass back as `before` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}
export const AUDIT_PAGE_SIZE = 50;
export const MAX_AUDIT_PAGE_SIZE = 200;

export const AuditLogQuery = z.object({
  cursor: z.string().min(1).max(200).optional().describe("The `nextCursor` of the previous page."),
  before: z.string().min(1).max(200).optional().meta({ deprecated: true }).describe("The former name of `cursor`, still accepted."),
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE_SIZE).default(AUDIT_PAGE_SIZE).describe("Entries per page."),
  targetType: z.enum(AUDIT_TARGET_TYPES).optional().describe("Only entries about this kind of target."),
});
export type AuditLogQuery = z.input<typeof AuditLogQuery>;

export const AuditLogEntry = z.object({
  id: z.uuid(),
  at: z.iso.datetime(),
  actor: z.object({
    id: z.uuid().nullable().describe("The user; null for the system."),
    label: z.string().describe('An email, "API token “name” (email)", or "system".'),
  }),
  action: z
    .string()
    .describe(
      '"<target>.<verb>", e.g. "source.created", "source_secret.revealed", "rule.rolled_back", "delivery.retried", "bulk_operation.started".',
    ),
  target: z.object({
    type: z.string().describe("source, destination, rule, api_token, delivery, event or bulk_operation."),
    id: z.string().nullable(),
    name: z.string().nullable().describe("Its name at the time."),
    exists: z.boolean().describe("Whether it still exists."),
  }),
  details: z.record(z.string(), z.unknown()).describe("What changed: field names, counts, ids; never secret values."),
});
export type AuditLogEntry = z.infer<typeof AuditLogEntry>;

export function toAuditLogEntry(item: AuditLogItem): AuditLogEntry {
  return {
    id: item.id,
    at: item.at.toISOString(),
    actor: { id: item.actorId, label: item.actorLabel },
    action: item.action,
    target: { type: item.target.type, id: item.target.id, name: item.target.name, exists: item.target.exists },
    details: item.details,
  };
}
