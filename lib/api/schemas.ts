// Response shapes of /api/v1 that are not already a domain schema (those live with their domain,
// e.g. lib/sources/schema.ts). Used by the routes' mappers and by the OpenAPI document.
import { z } from "zod";
import { CircuitView } from "@/lib/destinations/schema";
import { OPERATORS } from "@/lib/rules/operators";
import { actionSchema } from "@/lib/rules/schema";
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

export const RotatedSecret = z.object({
  secretId: z.uuid(),
  secret: z.string().describe("The new secret in plain text, shown this once."),
});

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


export const ApiErrorBody = z.object({
  error: z.object({
    code: z.string().describe("Stable, documented per operation."),
    message: z.string().describe("For humans; may change."),
    details: z.array(ValidationIssue).optional().describe("For invalid_request: what is wrong, field by field."),
  }),
});

// ---------------------------------------------------------------------------------------------
// Routing rules. The engine's condition schema (lib/rules/schema.ts) validates through transforms,
// which JSON Schema cannot express; these describe the same tree as it is answered. The recursive
// shapes carry an id: the document lists them as components of their own.

const RuleCondition = z
  .object({
    id: z.string().optional(),
    field: z.string().describe('e.g. "body.ticket.priority", "headers.x-team", "event.type".'),
    operator: z.enum(OPERATORS),
    value: z.unknown().optional().describe("The operand; its shape depends on the operator (none for exists/missing, a list for in)."),
    valueSource: z.literal("value").optional(),
    disabled: z.boolean().optional(),
  })
  .describe("A condition on one field of the event.");

export const RuleConditionGroup = z
  .object({
    id: z.string().optional(),
    combinator: z.enum(["and", "or"]),
    not: z.boolean().optional(),
    disabled: z.boolean().optional(),
    get rules(): z.ZodArray<z.ZodUnion<[typeof RuleCondition, typeof RuleConditionGroup]>> {
      return z.array(z.union([RuleCondition, RuleConditionGroup]));
    },
  })
  .meta({ id: "RuleConditionGroup", description: "A group of conditions (and nested groups): all of them (and) or any (or), negated when `not`." });

export const RuleView = z
  .object({
    id: z.uuid(),
    sourceId: z.uuid(),
    position: z.number().int().describe("Evaluation order within the source, from 0."),
    name: z.string(),
    enabled: z.boolean(),
    version: z.number().int().describe("Incremented by every saved change (and rollback)."),
    conditions: RuleConditionGroup,
    actions: z.array(actionSchema),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .describe("A routing rule of a source.");

export const RuleVersionView = z
  .object({
    version: z.number().int(),
    name: z.string(),
    enabled: z.boolean(),
    createdAt: z.iso.datetime(),
    createdBy: z.string().nullable().describe("The email of who saved it; null when unknown."),
    changes: z
      .array(z.object({ kind: z.enum(["added", "removed", "changed"]), what: z.string() }))
      .describe("What changed from the previous version, in readable lines."),
  })
  .describe("One saved version of a rule.");

export const DeletedRule = z.object({ id: z.uuid() });

export const RollbackRuleInput = z.object({
  version: z.number().int().min(1).describe("The version whose content to restore; saved as a new version."),
});

const BacktestExample = z.object({ eventId: z.uuid(), receivedAt: z.iso.datetime(), eventType: z.string().nullable() });

export const BacktestResult = z
  .object({
    evaluated: z.number().int().describe("Stored events the conditions ran over (newest first, up to `limit`)."),
    matched: z.number().int(),
    matchedExamples: z.array(BacktestExample),
    unmatchedExamples: z.array(BacktestExample),
    comparison: z
      .object({
        savedMatched: z.number().int(),
        newlyMatched: z.number().int(),
        noLongerMatched: z.number().int(),
        newlyMatchedExamples: z.array(BacktestExample),
        noLongerMatchedExamples: z.array(BacktestExample),
      })
      .nullable()
      .describe("Against the saved rule given in `ruleId`; null without one."),
    durationMs: z.number().int(),
  })
  .describe("How the conditions would have matched the source's recent events.");

const ConditionLeafTrace = z.object({
  kind: z.literal("condition"),
  id: z.string().optional(),
  field: z.string(),
  operator: z.string(),
  expected: z.unknown(),
  actual: z.unknown(),
  actualType: z.enum(["string", "number", "boolean", "null", "array", "object", "missing"]),
  truncated: z.boolean().optional(),
  passed: z.boolean(),
  skipped: z.boolean().optional(),
  note: z.string().optional(),
});

const GroupTrace = z.object({
  kind: z.literal("group"),
  id: z.string().optional(),
  combinator: z.enum(["and", "or"]),
  not: z.boolean(),
  passed: z.boolean(),
  skipped: z.boolean().optional(),
  note: z.string().optional(),
  get rules(): z.ZodArray<z.ZodUnion<[typeof GroupTrace, typeof ConditionLeafTrace]>> {
    return z.array(z.union([GroupTrace, ConditionLeafTrace]));
  },
}).meta({ id: "ConditionGroupTrace", description: "A condition group as evaluated: each condition with the event's value and whether it passed." });

const ActionSummary = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("forward"),
    destinationIds: z.array(z.string()),
    bodyMode: z.enum(["original", "template"]),
    skippedDuplicates: z.array(z.string()).optional(),
    note: z.string().optional(),
  }),
  z.object({ type: z.literal("addTags"), tags: z.array(z.string()) }),
  z.object({ type: z.literal("setRouting"), fields: z.record(z.string(), z.string()) }),
  z.object({ type: z.literal("stop") }),
  z.object({ type: z.literal("ignore") }),
  z.object({ type: z.literal("invalid"), note: z.string() }),
]);

const RuleEvaluationResult = z.object({
  outcome: z.enum(["routed", "ignored", "unmatched"]),
  tags: z.array(z.string()),
  routing: z.record(z.string(), z.string()),
  forwards: z.array(
    z.object({
      ruleId: z.string(),
      ruleVersion: z.number().int().nullable(),
      destinationId: z.string(),
      body: z.discriminatedUnion("mode", [z.object({ mode: z.literal("original") }), z.object({ mode: z.literal("template"), rendered: z.string() })]),
    }),
  ),
  trace: z.array(
    z.object({
      ruleId: z.string(),
      ruleName: z.string(),
      ruleVersion: z.number().int().nullable(),
      enabled: z.boolean(),
      matched: z.boolean(),
      skipped: z.enum(["disabled", "notReached"]).optional(),
      conditions: GroupTrace.optional(),
      actionsRun: z.array(ActionSummary),
      stopped: z.boolean().optional(),
      ignored: z.boolean().optional(),
    }),
  ),
});

export const TestRuleResult = z
  .object({
    matched: z.boolean(),
    conditions: GroupTrace,
    run: RuleEvaluationResult.describe("What the rule's actions would do: outcome, tags, routing fields and forwards."),
  })
  .describe("A draft rule run on one event.");

export const CollectedField = z
  .object({
    field: z.string(),
    types: z.array(z.enum(["string", "number", "boolean", "null", "array", "object"])).describe("JSON types seen, most frequent first."),
    count: z.number().int().describe("Recent events in which the field appears."),
    samples: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])).describe("Up to 3 distinct values."),
  })
  .describe("A field seen in the source's recent events (up to 200), for writing conditions.");
