// The conditions a rule made from one event starts with ("Create a rule from this event"): what
// says what kind of event it is, not which one. Its type when the provider gives one (Stripe's
// `type`, GitHub's X-GitHub-Event, Standard Webhooks' `type`…, stored as event.type); otherwise the
// values its source's summary template shows (Zendesk: `{{ticket.priority}}`…), leaving out what
// names one event (ids, numbers, free text with spaces, long values): a priority or a repository is
// a routing decision, a ticket id is not. Pure; never throws.
import { parseField, resolverFor } from "@/lib/rules/fields";
import type { Condition, ConditionGroup } from "@/lib/rules/schema";
import type { EvaluationContext } from "@/lib/rules/types";

export interface EventForConditions {
  eventType: string | null;
  body: unknown;
  headers: Readonly<Record<string, string>>;
  summaryTemplate: string | null;
}

const MAX_CONDITIONS = 3;
const MAX_VALUE_LENGTH = 60;
// Keys whose value names one event rather than a kind of event.
const IDENTIFYING_KEY = /(^|[_.-])(id|uuid|number|key|token|url|email|subject|title|description|body|text|message|name|created_at|updated_at|timestamp)$|[a-z](Id|At|Url)$/i;

function placeholders(template: string): string[][] {
  return [...template.matchAll(/\{\{([^{}]*)\}\}/g)].map((match) =>
    (match[1] ?? "")
      .split("|")
      .map((alternative) => alternative.trim())
      .filter(Boolean),
  );
}

function usable(value: unknown): value is string | number | boolean {
  if (typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  return typeof value === "string" && value.trim() !== "" && value.length <= MAX_VALUE_LENGTH && !/\s/.test(value.trim());
}

/** The first alternative that has a value in this event, as a field and its value. */
function resolve(alternatives: string[], ctx: EvaluationContext): { field: string; value: unknown } | null {
  for (const alternative of alternatives) {
    const explicitHeader = alternative.toLowerCase().startsWith("headers.");
    const candidates = explicitHeader
      ? [`headers.${alternative.slice("headers.".length).toLowerCase()}`]
      : [alternative.startsWith("[") ? `body${alternative}` : `body.${alternative}`, `headers.${alternative.toLowerCase()}`];
    for (const field of candidates) {
      const parsed = parseField(field);
      if (!parsed.ok) continue;
      const value = resolverFor(parsed.field)(ctx);
      if (value !== undefined && value !== null && value !== "") return { field, value };
    }
  }
  return null;
}

export function conditionsFromEvent(event: EventForConditions): ConditionGroup {
  if (event.eventType) return { combinator: "and", rules: [{ field: "event.type", operator: "=", value: event.eventType }] };
  const ctx: EvaluationContext = {
    event: { id: "", type: null, method: "POST", headers: event.headers, body: event.body },
    source: { id: "", name: "" },
  };
  const rules: Condition[] = [];
  for (const alternatives of placeholders(event.summaryTemplate ?? "")) {
    const found = resolve(alternatives, ctx);
    if (!found || !usable(found.value)) continue;
    const lastKey = found.field.split(/[.[\]"]+/).filter(Boolean).at(-1) ?? "";
    if (IDENTIFYING_KEY.test(lastKey)) continue;
    if (rules.some((rule) => rule.field === found.field)) continue;
    rules.push({ field: found.field, operator: "=", value: found.value });
    if (rules.length >= MAX_CONDITIONS) break;
  }
  return { combinator: "and", rules };
}
