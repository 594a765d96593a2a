// Response shapes of /api/v1 that are not already a domain schema (those live with their domain,
// e.g. lib/sources/schema.ts). Used by the routes' mappers and by the OpenAPI document.
import { z } from "zod";
import { CircuitView } from "@/lib/destinations/schema";
import { SCHEME_IDS } from "@/lib/signatures/types";
import { ValidationIssue } from "@/lib/http/validation-issue";

export const SourceListItem = z
  .object({
    id: z.uuid(),
    name: z.string(),
    key: z.string(),
    ingestUrl: z.string(),
    enabled: z.boolean(),
    scheme: z.enum(SCHEME_IDS),
    createdAt: z.iso.datetime(),
    eventsLast24h: z.number().int(),
    rejectedLast24h: z.number().int(),
    lastReceivedAt: z.iso.datetime().nullable(),
  })
  .describe("A source in the list, with its traffic over the last 24 hours.");
export type SourceListItem = z.infer<typeof SourceListItem>;

export const FirstAdminView = z
  .object({ id: z.uuid(), email: z.string() })
  .describe("The administrator the set-up created: sign in with its email and the password given.");

export const RotatedSecret = z.object({
  secretId: z.uuid(),
  secret: z.string().describe("The new secret in plain text, shown this once."),
  previousSecretsExpireAt: z.iso
    .datetime()
    .nullable()
    .describe("When the secrets active until now stop working (now + overlapHours; one already retiring sooner keeps its earlier time); null when there was none."),
});

export const RevealedHeaders = z
  .object({ headers: z.record(z.string(), z.string()).describe("Every custom header with its value in plain text.") })
  .describe("A destination's custom headers, revealed on purpose (recorded in the audit log).");

export const DeletedSource = z.object({
  id: z.uuid(),
  deletedEvents: z.number().int().describe("Events (with their routing history) deleted with the source."),
});

export const DestinationListItem = z
  .object({
    id: z.uuid(),
    name: z.string(),
    url: z.string(),
    state: z.enum(["active", "paused"]),
    pausedReason: z.string().nullable(),
    circuit: CircuitView,
    createdAt: z.iso.datetime(),
    backlog: z.number().int().describe("Deliveries waiting for an attempt (pending or retrying)."),
    succeededLast24h: z.number().int(),
    failedLast24h: z.number().int(),
  })
  .describe("A destination in the list, with its circuit, its backlog and the last 24 hours' delivery outcomes.");
export type DestinationListItem = z.infer<typeof DestinationListItem>;

export const DeletedDestination = z.object({
  id: z.uuid(),
  deletedDeliveries: z.number().int().describe("Deliveries (with their attempts) deleted with the destination."),
});


export const DeletedChannel = z.object({ id: z.uuid() });

export const ApiErrorBody = z.object({
  error: z.object({
    code: z.string().describe("Stable, documented per operation."),
    message: z.string().describe("For humans; may change."),
    details: z.array(ValidationIssue).optional().describe("For invalid_request: what is wrong, field by field."),
  }),
});

// ---------------------------------------------------------------------------------------------
// Routing rules. Their views live with the rules (lib/rules); the API answers and documents them
// as they are.

export { RuleView } from "@/lib/rules/rule-view";
export { RuleVersionView } from "@/lib/rules/list-rule-versions";
export { BacktestResult } from "@/lib/rules/backtest";
export { TestRuleResult } from "@/lib/rules/test-rule";
export { CollectedField } from "@/lib/rules/collect-fields";

export const DeletedRule = z.object({ id: z.uuid() });

export const RollbackRuleInput = z.object({
  version: z.number().int().min(1).describe("The version whose content to restore; saved as a new version."),
});

export const DeletedUser = z.object({ id: z.uuid(), email: z.string() });
