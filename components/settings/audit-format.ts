// How an audit log row reads: the action in words, the link to its target, and its details as short
// phrases. Pure (no server imports), so it is unit-tested and usable anywhere.
import type { AuditAction } from "@/lib/audit/record-audit";

// Every action has its words: a new one without a label does not compile.
const ACTION_LABELS: Record<AuditAction, string> = {
  "source.created": "Created source",
  "source.updated": "Changed source",
  "source.enabled": "Enabled source",
  "source.disabled": "Disabled source",
  "source.deleted": "Deleted source",
  "source_secret.rotated": "Rotated source secret",
  "source_secret.revealed": "Revealed source secret",
  "rule.created": "Created rule",
  "rule.updated": "Changed rule",
  "rule.deleted": "Deleted rule",
  "rule.reordered": "Reordered rules",
  "rule.rolled_back": "Rolled back rule",
  "destination.created": "Created destination",
  "destination.updated": "Changed destination",
  "destination.deleted": "Deleted destination",
  "destination.paused": "Paused destination",
  "destination.resumed": "Resumed destination",
  "destination.circuit_opened": "Circuit opened",
  "destination.circuit_closed": "Circuit closed",
  "destination.probe_requested": "Requested a probe",
  "destination.private_network_allowed": "Allowed private network",
  "destination.private_network_disallowed": "Disallowed private network",
  "destination_headers.revealed": "Revealed destination headers",
  "destination_secret.rotated": "Rotated destination secret",
  "api_token.created": "Created API token",
  "api_token.revoked": "Revoked API token",
  "inbox_token.created": "Created inbox token",
  "inbox_token.revoked": "Revoked inbox token",
  "delivery.retried": "Retried delivery",
  "delivery.cancelled": "Cancelled delivery",
  "delivery.skipped": "Skipped delivery (unblocked its ordering key)",
  "event.replayed": "Replayed event",
  "bulk_operation.started": "Started bulk operation",
  "bulk_operation.cancelled": "Cancelled bulk operation",
  "notification_channel.created": "Created notification channel",
  "notification_channel.updated": "Changed notification channel",
  "notification_channel.deleted": "Deleted notification channel",
  "alert_rule.updated": "Changed alert rule",
  "user.invited": "Invited user",
  "user.joined": "Joined (accepted invite)",
  "user.role_changed": "Changed role",
  "user.disabled": "Disabled user",
  "user.enabled": "Enabled user",
  "user.sso_unlinked": "Unlinked single sign-on",
  "user.removed": "Removed user",
  "user.signed_out_everywhere": "Signed out everywhere",
  "invite.revoked": "Revoked invite",
};

export function auditActionLabel(action: string): string {
  // Rows written by an older or newer version may hold an action this one does not know.
  return ACTION_LABELS[action as AuditAction] ?? action;
}

/** The filter choices of the audit log page (value: the target type). */
export const AUDIT_TARGET_FILTERS = [
  { value: "source", label: "Sources" },
  { value: "rule", label: "Rules" },
  { value: "destination", label: "Destinations" },
  { value: "api_token", label: "API tokens" },
  { value: "delivery", label: "Deliveries" },
  { value: "event", label: "Events" },
  { value: "bulk_operation", label: "Bulk operations" },
  { value: "notification_channel", label: "Notification channels" },
  { value: "alert_rule", label: "Alert rules" },
  { value: "user", label: "Users" },
  { value: "invite", label: "Invites" },
] as const;

export interface AuditTargetView {
  type: string;
  id: string | null;
  exists: boolean;
  sourceId: string | null;
  eventId?: string | null;
  bulkKind?: string | null;
}

/** Where the target lives in the UI, or null when it is gone (or has no page). */
export function auditTargetHref(target: AuditTargetView): string | null {
  if (!target.exists || !target.id) return null;
  switch (target.type) {
    case "source":
      return `/sources/${target.id}`;
    case "destination":
      return `/destinations/${target.id}`;
    case "rule":
      return target.sourceId ? `/sources/${target.sourceId}/rules/${target.id}` : null;
    case "api_token":
      return "/settings#api-tokens";
    case "delivery":
      return target.eventId ? `/events/${target.eventId}` : null;
    case "event":
      return `/events/${target.id}`;
    case "notification_channel":
      return "/settings/notifications";
    case "alert_rule":
      return "/settings/alerts";
    case "user":
    case "invite":
      return "/settings/users";
    case "bulk_operation":
      if (target.bulkKind === "retry") return `/deliveries?operation=${target.id}`;
      if (target.bulkKind === "replay") return `/events?operation=${target.id}`;
      return null;
    default:
      return null;
  }
}

const FIELD_LABELS: Record<string, string> = {
  schemeOptions: "scheme options",
  toleranceSeconds: "replay tolerance",
  dedupeStrategy: "duplicate check",
  dedupeField: "duplicate key",
  bodyLimitBytes: "size limit",
  ipAllowlist: "IP allowlist",
  url: "URL",
  timeoutMs: "timeout",
  retrySchedule: "retry schedule",
  maxConcurrency: "concurrency limit",
  rateLimitPerSecond: "rate limit",
  allowPrivateNetwork: "private network access",
  summaryTemplate: "summary template",
  headers: "headers",
  // Changed before the circuit breaker replaced the per-destination automatic pause (old audit rows).
  autoPauseAfter: "auto-pause",
  q: "payload query",
};

function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

const BYTE_UNITS: Array<[number, string]> = [
  [1024 * 1024, "MB"],
  [1024, "KB"],
];

/** A logged value in the field's own unit: 30000 ms as "30 s", 1048576 bytes as "1 MB", text quoted. */
function changeValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "none";
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map(String).join(", ");
  if (typeof value === "boolean") return value ? "on" : "off";
  if (typeof value === "number") {
    if (field.endsWith("Ms")) return value % 1000 === 0 ? `${value / 1000} s` : `${value} ms`;
    if (field.endsWith("Seconds")) return `${value} s`;
    if (field.endsWith("Bytes")) {
      const unit = BYTE_UNITS.find(([size]) => value >= size && value % size === 0);
      return unit ? `${value / unit[0]} ${unit[1]}` : `${value} bytes`;
    }
    return value.toLocaleString("en-US");
  }
  return typeof value === "string" ? `“${value}”` : JSON.stringify(value);
}

/** "timeout 10 s → 30 s" per changed field, when the row says from what to what. */
function changePhrases(changes: unknown): string[] | null {
  if (!changes || typeof changes !== "object" || Array.isArray(changes)) return null;
  const phrases = Object.entries(changes as Record<string, unknown>).flatMap(([field, change]) => {
    if (!change || typeof change !== "object") return [];
    if ("from" in change && "to" in change) return [`${fieldLabel(field)} ${changeValue(field, change.from)} → ${changeValue(field, change.to)}`];
    // A map whose values are not logged: which keys moved.
    const keys = change as { added?: unknown; removed?: unknown; changed?: unknown };
    const listed = (["added", "removed", "changed"] as const).flatMap((kind) => {
      const names = keys[kind];
      return Array.isArray(names) && names.length > 0 ? [`${names.map(String).join(", ")} ${kind}`] : [];
    });
    return listed.length > 0 ? [`${fieldLabel(field)}: ${listed.join("; ")}`] : [];
  });
  return phrases.length > 0 ? phrases : null;
}

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;

/** What a bulk operation's count is of, by its kind. */
function bulkItems(count: number, kind: unknown): string {
  if (kind === "retry") return plural(count, "failed delivery", "failed deliveries");
  if (kind === "replay") return plural(count, "event");
  return plural(count, "item");
}

/** Details as short phrases, e.g. ["changed name, URL"], ["with 12 events"]. Ids used only for links are left out. */
export function auditDetailPhrases(details: Record<string, unknown>): string[] {
  const phrases: string[] = [];
  const {
    kind,
    total,
    processed,
    filter,
    previousStatus,
    fields,
    deletedEvents,
    deletedDeliveries,
    requeued,
    reason,
    hint,
    generated,
    overlapHours,
    version,
    restoredVersion,
    rules,
    moved,
    scheme,
    prefix,
    secretGenerated,
    awaitingProviderSecret,
    firstSecret,
    changes,
    ...rest
  } = details;
  const changed = changePhrases(changes);
  const described = new Set(changed ? Object.keys(changes as object) : []);
  if (changed) phrases.push(...changed);
  // Fields whose values the row does not hold (a rule's conditions, older rows): named only.
  const unnamed = Array.isArray(fields) ? fields.map(String).filter((field) => !described.has(field)) : [];
  if (unnamed.length > 0) phrases.push(`changed ${unnamed.map((field) => fieldLabel(field)).join(", ")}`);
  if (typeof restoredVersion === "number" && typeof version === "number")
    phrases.push(`restored v${restoredVersion} as v${version}`);
  else if (typeof version === "number") phrases.push(`v${version}`);
  if (typeof rules === "number")
    phrases.push(typeof moved === "number" ? `${plural(rules, "rule")}, ${moved} moved` : plural(rules, "rule"));
  if (typeof deletedEvents === "number") phrases.push(`with ${plural(deletedEvents, "event")}`);
  if (typeof deletedDeliveries === "number")
    phrases.push(`with ${plural(deletedDeliveries, "delivery", "deliveries")}`);
  if (typeof requeued === "number")
    phrases.push(`${plural(requeued, "waiting delivery", "waiting deliveries")} requeued`);
  if (typeof reason === "string") phrases.push(`reason: “${reason}”`);
  if (typeof scheme === "string") phrases.push(`scheme ${scheme}`);
  if (typeof hint === "string") phrases.push(`secret ${hint}`);
  if (generated === true || secretGenerated === true) phrases.push("generated");
  if (awaitingProviderSecret === true) phrases.push("waiting for the provider's secret");
  if (generated === false) phrases.push("given by the operator");
  if (typeof overlapHours === "number")
    phrases.push(
      overlapHours === 0 ? "previous secrets retired at once" : `previous secrets valid ${overlapHours} h more`,
    );
  if (firstSecret === true) phrases.push("its first secret");
  if (typeof prefix === "string") phrases.push(`${prefix}…`);
  if (typeof previousStatus === "string") phrases.push(`was ${previousStatus}`);
  if (typeof total === "number")
    phrases.push(
      typeof processed === "number"
        ? `${processed.toLocaleString("en-US")} of ${bulkItems(total, kind)} done`
        : bulkItems(total, kind),
    );
  if (filter && typeof filter === "object" && !Array.isArray(filter)) {
    const parts = Object.entries(filter).map(([key, value]) => `${fieldLabel(key)} = ${String(value)}`);
    if (parts.length > 0) phrases.push(`filter: ${parts.join("; ")}`);
  }
  for (const [key, value] of Object.entries(rest)) {
    if (key === "sourceId" || key === "secretId" || key === "userId" || key === "eventId") continue;
    if (value === null || value === undefined) continue;
    phrases.push(`${fieldLabel(key)}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
  }
  return phrases;
}
