// How an audit log row reads: the action in words, the link to its target, and its details as short
// phrases. Pure (no server imports), so it is unit-tested and usable anywhere.

const ACTION_LABELS: Record<string, string> = {
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
  "destination_secret.rotated": "Rotated destination secret",
  "api_token.created": "Created API token",
  "api_token.revoked": "Revoked API token",
  "delivery.retried": "Retried delivery",
  "delivery.cancelled": "Cancelled delivery",
  "event.replayed": "Replayed event",
  "bulk_operation.started": "Started bulk operation",
  "bulk_operation.cancelled": "Cancelled bulk operation",
  "notification_channel.created": "Created notification channel",
  "notification_channel.updated": "Changed notification channel",
  "notification_channel.deleted": "Deleted notification channel",
  "alert_rule.updated": "Changed alert rule",
};

export function auditActionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
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
  // Changed before the circuit breaker replaced the per-destination automatic pause (old audit rows).
  autoPauseAfter: "auto-pause",
  q: "payload query",
};

function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
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
    ...rest
  } = details;
  if (Array.isArray(fields) && fields.length > 0)
    phrases.push(`changed ${fields.map((field) => fieldLabel(String(field))).join(", ")}`);
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
  if (generated === false) phrases.push("given by the operator");
  if (typeof overlapHours === "number")
    phrases.push(
      overlapHours === 0 ? "previous secrets retired at once" : `previous secrets valid ${overlapHours} h more`,
    );
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
