// Every /api/v1 operation, one entry each. The OpenAPI document (lib/api/openapi.ts) is generated
// from this table and from the very zod schemas the routes validate with, and each route handler is
// made from its entry by apiRoute (lib/api/api-route.ts), which takes its body, query and answer
// types from it; a unit test checks that each route file's handlers use the entries of its path
// and methods. A new endpoint = one entry + its route file.
import { z } from "zod";
import type { ApiErrorCode } from "@/lib/api/errors";
import {
  ApiErrorBody,
  BacktestResult,
  CollectedField,
  DeletedChannel,
  DeletedDestination,
  DeletedRule,
  DeletedSource,
  DestinationListItem,
  FirstAdminView,
  RollbackRuleInput,
  RevealedHeaders,
  RotatedSecret,
  RuleVersionView,
  RuleView,
  SourceListItem,
  TestRuleResult,
} from "@/lib/api/schemas";
import {
  DestinationCircuitView,
  DestinationCreateInput,
  DestinationHealthView,
  DestinationRecoveryView,
  DestinationUpdateInput,
  DestinationView,
  PauseDestinationInput,
  RotateDestinationSecretInput,
  TestDeliveryView,
} from "@/lib/destinations/schema";
import { AlertListQuery, AlertRuleUpdateInput, AlertRuleView, AlertView, ChannelCreateInput, ChannelTestResult, ChannelUpdateInput, ChannelView } from "@/lib/alerts/schema";
import { AuditLogEntry, AuditLogQuery } from "@/lib/audit/schema";
import { SetupInput } from "@/lib/auth/schema";
import { BulkOperationListQuery, BulkOperationView, StartBulkOperationInput } from "@/lib/bulk-operations/schema";
import { DELIVERY_LIST_QUERY_HELP, DeliveryListItemView, DeliveryStateView, DeliveryView } from "@/lib/deliveries/schema";
import { EventListItemView } from "@/lib/events/schema";
import { OverviewQuery, OverviewView } from "@/lib/overview/schema";
import { BacktestInput } from "@/lib/rules/backtest";
import { ReorderRulesInput, RuleInput } from "@/lib/rules/rule-input";
import { TestRuleInput } from "@/lib/rules/test-rule";
import { RotateSecretInput, SourceCreateInput, SourceUpdateInput, SourceView } from "@/lib/sources/schema";

/**
 * The document's named schemas (components.schemas). `io` is the side described: "input" for what
 * a client sends (fields with defaults are optional), "output" for what it receives.
 */
export const API_SCHEMAS = {
  SourceCreateInput: { schema: SourceCreateInput, io: "input" },
  SourceUpdateInput: { schema: SourceUpdateInput, io: "input" },
  RotateSecretInput: { schema: RotateSecretInput, io: "input" },
  SourceView: { schema: SourceView, io: "output" },
  SourceListItem: { schema: SourceListItem, io: "output" },
  RotatedSecret: { schema: RotatedSecret, io: "output" },
  RevealedHeaders: { schema: RevealedHeaders, io: "output" },
  DeletedSource: { schema: DeletedSource, io: "output" },
  DestinationCreateInput: { schema: DestinationCreateInput, io: "input" },
  DestinationUpdateInput: { schema: DestinationUpdateInput, io: "input" },
  RotateDestinationSecretInput: { schema: RotateDestinationSecretInput, io: "input" },
  PauseDestinationInput: { schema: PauseDestinationInput, io: "input" },
  DestinationView: { schema: DestinationView, io: "output" },
  DestinationHealthView: { schema: DestinationHealthView, io: "output" },
  DestinationCircuitView: { schema: DestinationCircuitView, io: "output" },
  DestinationListItem: { schema: DestinationListItem, io: "output" },
  DeletedDestination: { schema: DeletedDestination, io: "output" },
  TestDeliveryView: { schema: TestDeliveryView, io: "output" },
  DestinationRecoveryView: { schema: DestinationRecoveryView, io: "output" },
  RuleInput: { schema: RuleInput, io: "input" },
  ReorderRulesInput: { schema: ReorderRulesInput, io: "input" },
  RollbackRuleInput: { schema: RollbackRuleInput, io: "input" },
  BacktestInput: { schema: BacktestInput, io: "input" },
  TestRuleInput: { schema: TestRuleInput, io: "input" },
  RuleView: { schema: RuleView, io: "output" },
  RuleVersionView: { schema: RuleVersionView, io: "output" },
  DeletedRule: { schema: DeletedRule, io: "output" },
  BacktestResult: { schema: BacktestResult, io: "output" },
  TestRuleResult: { schema: TestRuleResult, io: "output" },
  CollectedField: { schema: CollectedField, io: "output" },
  AuditLogEntry: { schema: AuditLogEntry, io: "output" },
  EventListItem: { schema: EventListItemView, io: "output" },
  DeliveryListItem: { schema: DeliveryListItemView, io: "output" },
  DeliveryView: { schema: DeliveryView, io: "output" },
  DeliveryState: { schema: DeliveryStateView, io: "output" },
  StartBulkOperationInput: { schema: StartBulkOperationInput, io: "input" },
  OverviewView: { schema: OverviewView, io: "output" },
  BulkOperationView: { schema: BulkOperationView, io: "output" },
  SetupInput: { schema: SetupInput, io: "input" },
  FirstAdminView: { schema: FirstAdminView, io: "output" },
  ChannelCreateInput: { schema: ChannelCreateInput, io: "input" },
  ChannelUpdateInput: { schema: ChannelUpdateInput, io: "input" },
  ChannelView: { schema: ChannelView, io: "output" },
  ChannelTestResult: { schema: ChannelTestResult, io: "output" },
  DeletedChannel: { schema: DeletedChannel, io: "output" },
  AlertRuleUpdateInput: { schema: AlertRuleUpdateInput, io: "input" },
  AlertRuleView: { schema: AlertRuleView, io: "output" },
  AlertView: { schema: AlertView, io: "output" },
  Error: { schema: ApiErrorBody, io: "output" },
} as const satisfies Record<string, { schema: z.ZodType; io: "input" | "output" }>;

export type ApiSchemaName = keyof typeof API_SCHEMAS;

export interface ApiOperation {
  operationId: string;
  method: "get" | "post" | "put" | "patch" | "delete";
  /** Below /api/v1, with {param} placeholders. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** Each path parameter: its description, and the code answered when it is not a UUID (all are). */
  params?: Readonly<Record<string, { description: string; notFound: ApiErrorCode }>>;
  body?: { schema: ApiSchemaName; required: boolean };
  /** The query string's schema (parsed from its parameters, the last of a repeated one winning).
   *  The document describes the query parameters in `description`. */
  query?: z.ZodType;
  /**
   * The answer on success: `{ data }` (a list when `list`) plus `extra` top-level fields; no `data`: any JSON object.
   * `bytes`: not JSON but a file (the handler answers a Response), e.g. an event's body as received.
   */
  success: { status: 200 | 201; description: string; data?: ApiSchemaName; list?: boolean; extra?: Readonly<Record<string, z.ZodType>>; bytes?: true };
  /** Codes particular to this operation. Added by the generator: unauthorized unless `public`;
   *  invalid_json, invalid_request and body_too_large when there is a body. */
  errors?: readonly ApiErrorCode[];
  public?: boolean;
}

const SOURCE_ID = { id: { description: "The source's id.", notFound: "source_not_found" } } as const;
const DESTINATION_ID = { id: { description: "The destination's id.", notFound: "destination_not_found" } } as const;
const RULE_ID = { id: { description: "The rule's id.", notFound: "rule_not_found" } } as const;
const DELIVERY_ID = { id: { description: "The delivery's id.", notFound: "delivery_not_found" } } as const;
const EVENT_ID = { id: { description: "The event's id.", notFound: "event_not_found" } } as const;
const BULK_OPERATION_ID = { id: { description: "The operation's id.", notFound: "bulk_operation_not_found" } } as const;
const CHANNEL_ID = { id: { description: "The channel's id.", notFound: "notification_channel_not_found" } } as const;
const ALERT_RULE_ID = { id: { description: "The rule's id.", notFound: "alert_rule_not_found" } } as const;

/** `as const` keeps each entry's literal types: apiRoute reads an operation's types from its entry. */
export const API_OPERATIONS = [
  {
    operationId: "listSources",
    method: "get",
    path: "/sources",
    tag: "Sources",
    summary: "List sources",
    description: "Every source, newest first, with its event and rejection counts over the last 24 hours.",
    success: { status: 200, description: "The sources.", data: "SourceListItem", list: true },
  },
  {
    operationId: "createSource",
    method: "post",
    path: "/sources",
    tag: "Sources",
    summary: "Create a source",
    description:
      "Creates a source with its own ingest URL. For a verifying scheme the signing secret is the one given; without one, a secret is generated for schemes where you choose it (github, hmac, standard-webhooks, basic-auth, api-key) and returned in `secret` this once. Providers that make their own secret (stripe, shopify, slack, svix, zendesk) show it once they have the URL: the source is then created without a secret (`secret` is null; requests are refused with 401 until one is set) and you add the provider's with POST /sources/{id}/rotate-secret. " +
      "Its events are named with `summaryTemplate`, or by default with the preset for its provider.",
    body: { schema: "SourceCreateInput", required: true },
    success: {
      status: 201,
      description: "The new source, and its signing secret in plain text (shown once).",
      data: "SourceView",
      extra: { secret: z.string().nullable().describe("The signing secret, shown this once; null for schemes without one.") },
    },
  },
  {
    operationId: "getSource",
    method: "get",
    path: "/sources/{id}",
    tag: "Sources",
    summary: "Get a source",
    params: SOURCE_ID,
    success: { status: 200, description: "The source; secrets appear masked.", data: "SourceView" },
    errors: ["source_not_found"],
  },
  {
    operationId: "updateSource",
    method: "patch",
    path: "/sources/{id}",
    tag: "Sources",
    summary: "Change a source's settings",
    description:
      "Changes only the fields sent. Changing the scheme keeps the secrets; rotate to replace them. A new `summaryTemplate` names new events at once and older ones shortly after (a background job renames them).",
    params: SOURCE_ID,
    body: { schema: "SourceUpdateInput", required: true },
    success: { status: 200, description: "The updated source.", data: "SourceView" },
    errors: ["source_not_found"],
  },
  {
    operationId: "deleteSource",
    method: "delete",
    path: "/sources/{id}",
    tag: "Sources",
    summary: "Delete a source",
    description: "Deletes the source and every event it received, with their routing history.",
    params: SOURCE_ID,
    success: { status: 200, description: "What was deleted.", data: "DeletedSource" },
    errors: ["source_not_found"],
  },
  {
    operationId: "rotateSourceSecret",
    method: "post",
    path: "/sources/{id}/rotate-secret",
    tag: "Sources",
    summary: "Rotate a source's signing secret",
    description:
      "Adds a new secret (the one given, or a generated one), returned this once. The secrets active until now keep verifying for `overlapHours` (default 24), so the sender can be switched over without losing events. The body may be omitted. For a provider that makes its own secret (stripe, shopify, slack, svix, zendesk) `secret` is required (a generated one could never match: `invalid_request`); this is also how such a source gets its first secret.",
    params: SOURCE_ID,
    body: { schema: "RotateSecretInput", required: false },
    success: { status: 200, description: "The new secret in plain text (shown once).", data: "RotatedSecret" },
    errors: ["source_not_found"],
  },
  {
    operationId: "listDestinations",
    method: "get",
    path: "/destinations",
    tag: "Destinations",
    summary: "List destinations",
    description: "Every destination, newest first, with its backlog and its delivery outcomes over the last 24 hours.",
    success: { status: 200, description: "The destinations.", data: "DestinationListItem", list: true },
  },
  {
    operationId: "createDestination",
    method: "post",
    path: "/destinations",
    tag: "Destinations",
    summary: "Create a destination",
    description:
      "Creates an endpoint to deliver events to. Every request is signed the Standard Webhooks way (webhook-id, webhook-timestamp and webhook-signature headers) with a generated whsec_ secret, returned in `secret` this once. `allowPrivateNetwork: true` (loopback, RFC 1918, CGNAT, IPv6 ULA; never link-local nor cloud metadata) is an administrator's decision (`forbidden` otherwise), recorded in the audit log. A URL the outbound address policy refuses (a loopback or private address without `allowPrivateNetwork`, a cloud metadata address) is not created: 422 `destination_url_refused` says why.",
    body: { schema: "DestinationCreateInput", required: true },
    success: {
      status: 201,
      description: "The new destination, and its signing secret in plain text (shown once).",
      data: "DestinationView",
      extra: { secret: z.string().describe("The whsec_ signing secret, shown this once.") },
    },
    errors: ["forbidden", "destination_url_refused"],
  },
  {
    operationId: "getDestination",
    method: "get",
    path: "/destinations/{id}",
    tag: "Destinations",
    summary: "Get a destination",
    params: DESTINATION_ID,
    success: { status: 200, description: "The destination; secrets appear masked.", data: "DestinationView" },
    errors: ["destination_not_found"],
  },
  {
    operationId: "updateDestination",
    method: "patch",
    path: "/destinations/{id}",
    tag: "Destinations",
    summary: "Change a destination's settings",
    description:
      "Changes only the fields sent; `headers`, when sent, replaces all custom headers (a value sent back hidden, as read, keeps the stored one). The settings apply from the next attempt on. Turning `allowPrivateNetwork` on, or changing the URL of a destination that has it, is an administrator's decision (`forbidden` otherwise) and is recorded in the audit log. A `url` or `allowPrivateNetwork` the outbound address policy would refuse is not saved: 422 `destination_url_refused`.",
    params: DESTINATION_ID,
    body: { schema: "DestinationUpdateInput", required: true },
    success: { status: 200, description: "The updated destination.", data: "DestinationView" },
    errors: ["destination_not_found", "forbidden", "destination_url_refused"],
  },
  {
    operationId: "revealDestinationHeaders",
    method: "post",
    path: "/destinations/{id}/reveal-headers",
    tag: "Destinations",
    summary: "Reveal a destination's custom header values",
    description:
      "Returns the custom headers with their values in plain text. Reading a destination shows them hidden, as they often carry credentials; this call is recorded in the audit log (who, when, which header names) and is for administrators.",
    params: DESTINATION_ID,
    success: { status: 200, description: "The headers in plain text.", data: "RevealedHeaders" },
    errors: ["destination_not_found", "forbidden"],
  },
  {
    operationId: "deleteDestination",
    method: "delete",
    path: "/destinations/{id}",
    tag: "Destinations",
    summary: "Delete a destination",
    description: "Deletes the destination with its deliveries and their attempts.",
    params: DESTINATION_ID,
    success: { status: 200, description: "What was deleted.", data: "DeletedDestination" },
    errors: ["destination_not_found"],
  },
  {
    operationId: "rotateDestinationSecret",
    method: "post",
    path: "/destinations/{id}/rotate-secret",
    tag: "Destinations",
    summary: "Rotate a destination's signing secret",
    description:
      "Adds a new secret (the one given, or a generated one), returned this once. Requests are signed with it from now on, and with the secrets active until now as well for `overlapHours` (default 24), so the receiver can switch over at its own pace. The body may be omitted.",
    params: DESTINATION_ID,
    body: { schema: "RotateDestinationSecretInput", required: false },
    success: { status: 200, description: "The new secret in plain text (shown once).", data: "RotatedSecret" },
    errors: ["destination_not_found"],
  },
  {
    operationId: "pauseDestination",
    method: "post",
    path: "/destinations/{id}/pause",
    tag: "Destinations",
    summary: "Pause a destination",
    description: "Stops delivering: deliveries wait until the destination is resumed. An already paused destination keeps its original reason. The body may be omitted.",
    params: DESTINATION_ID,
    body: { schema: "PauseDestinationInput", required: false },
    success: { status: 200, description: "The paused destination.", data: "DestinationView" },
    errors: ["destination_not_found"],
  },
  {
    operationId: "resumeDestination",
    method: "post",
    path: "/destinations/{id}/resume",
    tag: "Destinations",
    summary: "Resume a destination",
    description:
      "Lifts a pause and delivers again, gradually: the deliveries still waiting are requeued oldest first, spaced at the destination's rate limit (5 a second without one), each no earlier than it was due, so a receiver just back is not flooded. When the destination's circuit is open too (its endpoint was failing), nothing is requeued: its probe is due at once, and the circuit's closing drains the backlog the same way (`circuitOpen` is true).",
    params: DESTINATION_ID,
    success: {
      status: 200,
      description: "The destination, how many waiting deliveries were requeued and about how long sending them takes.",
      data: "DestinationView",
      extra: {
        requeued: z.number().int().describe("Waiting deliveries requeued (0 when it was not paused, or its circuit is open)."),
        drainSeconds: z.number().describe("About how many seconds sending the requeued deliveries takes."),
        circuitOpen: z.boolean().describe("True when the circuit is open: a probe is due now, and the waiting deliveries are sent once one succeeds."),
      },
    },
    errors: ["destination_not_found"],
  },
  {
    operationId: "getDestinationCircuit",
    method: "get",
    path: "/destinations/{id}/circuit",
    tag: "Destinations",
    summary: "Get a destination's circuit breaker",
    description:
      "Its state (closed, or open: deliveries held while the endpoint keeps failing), since when it is failing, when it opened, when the next probe is due, how many probes failed, this instance's thresholds, and its last changes and failed probes, newest first, each with its reason.",
    params: DESTINATION_ID,
    success: { status: 200, description: "The destination's circuit breaker.", data: "DestinationCircuitView" },
    errors: ["destination_not_found"],
  },
  {
    operationId: "probeDestination",
    method: "post",
    path: "/destinations/{id}/probe",
    tag: "Destinations",
    summary: "Probe a destination now",
    description:
      "For a destination whose circuit is open: its next probe (one real attempt of its oldest waiting delivery) is made now instead of at its scheduled time, e.g. after fixing the receiver. A success closes the circuit and drains the backlog gradually; a failure schedules the next probe. The probe runs in the worker: follow the destination (`circuit.state`) or its circuit's history for the outcome.",
    params: DESTINATION_ID,
    success: { status: 200, description: "The destination, its next probe due now.", data: "DestinationView" },
    errors: ["destination_not_found", "circuit_not_open", "destination_paused"],
  },
  {
    operationId: "getDestinationHealth",
    method: "get",
    path: "/destinations/{id}/health",
    tag: "Destinations",
    summary: "Get a destination's health",
    description:
      "Attempts, success rate and p50/p95 attempt times over the last hour and the last day, the failed attempts in a row and since when (what the circuit breaker opens on, see getDestinationCircuit), the last failed attempt of the day and the deliveries waiting.",
    params: DESTINATION_ID,
    success: { status: 200, description: "The destination's health.", data: "DestinationHealthView" },
    errors: ["destination_not_found"],
  },
  {
    operationId: "sendTestDelivery",
    method: "post",
    path: "/destinations/{id}/test-delivery",
    tag: "Destinations",
    summary: "Send a test delivery",
    description:
      'Sends one signed request to the destination now, exactly as a delivery is sent (its custom headers, the Standard Webhooks signature with every active secret, its timeout and address policy), with the body {"type":"switchyard.test",…}, and answers with the outcome once the endpoint has answered or the attempt has failed. An endpoint that is down is an outcome, not an error: `ok` is false and `errorClass` / `errorMessage` say why (connection_refused, timeout, http_status, blocked_address, …). It is not a delivery: no retries, and it counts neither in the health nor in the circuit breaker. The latest 10 per destination are kept. A paused destination can be tested.',
    params: DESTINATION_ID,
    success: { status: 201, description: "The test delivery and its outcome.", data: "TestDeliveryView" },
    errors: ["destination_not_found"],
  },
  {
    operationId: "listTestDeliveries",
    method: "get",
    path: "/destinations/{id}/test-deliveries",
    tag: "Destinations",
    summary: "List a destination's test deliveries",
    description: "Its latest test deliveries, newest first (up to 10 are kept), each with its outcome.",
    params: DESTINATION_ID,
    success: { status: 200, description: "The test deliveries, newest first.", data: "TestDeliveryView", list: true },
    errors: ["destination_not_found"],
  },
  {
    operationId: "getDestinationRecovery",
    method: "get",
    path: "/destinations/{id}/recovery",
    tag: "Destinations",
    summary: "Is a destination healthy again with failed deliveries waiting?",
    description:
      "How many of its deliveries failed for good and how many wait, and whether it is healthy again (active, circuit closed, and its latest attempt or a test delivery since it began failing succeeded). When `healthyAgain` is true, retry the failed ones with POST /bulk-operations `{\"kind\":\"retry\",\"filter\":{\"destination\":\"<id>\"}}` and follow its `outcome`.",
    params: DESTINATION_ID,
    success: { status: 200, description: "The destination's failed deliveries and whether it is healthy again.", data: "DestinationRecoveryView" },
    errors: ["destination_not_found"],
  },
  {
    operationId: "listRules",
    method: "get",
    path: "/sources/{id}/rules",
    tag: "Rules",
    summary: "List a source's rules",
    description: "The source's routing rules in evaluation order.",
    params: SOURCE_ID,
    success: { status: 200, description: "The rules, first evaluated first.", data: "RuleView", list: true },
    errors: ["source_not_found"],
  },
  {
    operationId: "createRule",
    method: "post",
    path: "/sources/{id}/rules",
    tag: "Rules",
    summary: "Create a rule",
    description:
      "Adds a rule at the end of the source's list, as version 1. `conditions` is a group `{ combinator, not?, rules }` whose rules are conditions `{ field, operator, value? }` or nested groups (see RuleView). Forward actions must name existing destinations.",
    params: SOURCE_ID,
    body: { schema: "RuleInput", required: true },
    success: { status: 201, description: "The new rule.", data: "RuleView" },
    errors: ["source_not_found"],
  },
  {
    operationId: "reorderRules",
    method: "put",
    path: "/sources/{id}/rules/order",
    tag: "Rules",
    summary: "Set the order of a source's rules",
    description: "`ruleIds` must list every rule of the source exactly once, in the new evaluation order.",
    params: SOURCE_ID,
    body: { schema: "ReorderRulesInput", required: true },
    success: { status: 200, description: "The rules in their new order.", data: "RuleView", list: true },
    errors: ["source_not_found"],
  },
  {
    operationId: "backtestRule",
    method: "post",
    path: "/sources/{id}/rules/backtest",
    tag: "Rules",
    summary: "Backtest conditions on recent events",
    description:
      "Runs the conditions over the source's last `limit` stored events (default 1,000, at most 100,000), with examples; with `ruleId`, also compares with that saved rule's conditions.",
    params: SOURCE_ID,
    body: { schema: "BacktestInput", required: true },
    success: { status: 200, description: "The counts and examples.", data: "BacktestResult" },
    errors: ["source_not_found"],
  },
  {
    operationId: "testRule",
    method: "post",
    path: "/sources/{id}/rules/test",
    tag: "Rules",
    summary: "Test a draft rule on one event",
    description:
      "Runs a rule (saved or not) on one of the source's stored events (`sample: { eventId }`) or on pasted JSON (`sample: { payload, headers?, eventType? }`), and says which conditions passed and what the actions would do.",
    params: SOURCE_ID,
    body: { schema: "TestRuleInput", required: true },
    success: { status: 200, description: "The result, condition by condition.", data: "TestRuleResult" },
    errors: ["source_not_found"],
  },
  {
    operationId: "listSourceFields",
    method: "get",
    path: "/sources/{id}/fields",
    tag: "Rules",
    summary: "List the fields seen in a source's events",
    description: "The fields of the source's recent events (up to 200), with their types and sample values, most frequent first: what conditions can test.",
    params: SOURCE_ID,
    success: { status: 200, description: "The fields.", data: "CollectedField", list: true },
    errors: ["source_not_found"],
  },
  {
    operationId: "getRule",
    method: "get",
    path: "/rules/{id}",
    tag: "Rules",
    summary: "Get a rule",
    params: RULE_ID,
    success: { status: 200, description: "The rule.", data: "RuleView" },
    errors: ["rule_not_found"],
  },
  {
    operationId: "updateRule",
    method: "patch",
    path: "/rules/{id}",
    tag: "Rules",
    summary: "Save a rule",
    description: "Replaces the rule's name, state, conditions and actions with the ones sent (send the whole rule). A change is saved as a new version; sending the same rule changes nothing.",
    params: RULE_ID,
    body: { schema: "RuleInput", required: true },
    success: { status: 200, description: "The rule as saved.", data: "RuleView" },
    errors: ["rule_not_found"],
  },
  {
    operationId: "deleteRule",
    method: "delete",
    path: "/rules/{id}",
    tag: "Rules",
    summary: "Delete a rule",
    description: "Deletes the rule with its version history.",
    params: RULE_ID,
    success: { status: 200, description: "What was deleted.", data: "DeletedRule" },
    errors: ["rule_not_found"],
  },
  {
    operationId: "listRuleVersions",
    method: "get",
    path: "/rules/{id}/versions",
    tag: "Rules",
    summary: "List a rule's versions",
    description: "Every saved version, newest first, each with what changed from the one before.",
    params: RULE_ID,
    success: { status: 200, description: "The versions.", data: "RuleVersionView", list: true },
    errors: ["rule_not_found"],
  },
  {
    operationId: "rollbackRule",
    method: "post",
    path: "/rules/{id}/rollback",
    tag: "Rules",
    summary: "Roll a rule back to a version",
    description: "Saves the content of an earlier version as a new version (history is never rewritten). Answers rule_not_found when the rule has no such version.",
    params: RULE_ID,
    body: { schema: "RollbackRuleInput", required: true },
    success: { status: 200, description: "The rule as restored.", data: "RuleView" },
    errors: ["rule_not_found"],
  },
  {
    operationId: "listAuditLog",
    method: "get",
    path: "/audit-log",
    tag: "Audit log",
    summary: "List the audit log",
    query: AuditLogQuery,
    description:
      "Who created, changed, deleted, paused or resumed what, who rotated or revealed which secret, and who retried or cancelled deliveries, replayed events or started and cancelled bulk operations, newest first. Query parameters: `limit` (1–200, default 50), `before` (the `nextCursor` of the previous page) and `targetType` (`source`, `destination`, `rule`, `api_token`, `delivery`, `event` or `bulk_operation`).",
    success: {
      status: 200,
      description: "A page of entries, newest first.",
      data: "AuditLogEntry",
      list: true,
      extra: { nextCursor: z.string().nullable().describe("Pass as `before` for the next (older) page; null on the last page.") },
    },
    errors: ["invalid_request"],
  },
  {
    operationId: "listEvents",
    method: "get",
    path: "/events",
    tag: "Events",
    summary: "List events",
    description:
      "Events newest first, filtered like the events page; every parameter is optional and they combine with AND. " +
      "`search` (text in the event's summary, any case), `source` (a source id), `status` (received, routed, unmatched, ignored, failed, or duplicate: seen more than once), " +
      "`type` (event type, exact), `tag` (exact), `routing` (a routing field, `team=billing`), " +
      "`from` / `to` (received at or after / before; ISO 8601, read as UTC without a zone), `range` (1h, 24h, 7d or 30d before now), " +
      "`q` (a payload query: `data.customer.email = ada@example.com and data.priority in (high, urgent)`; paths start at the top of the JSON body " +
      "and look inside arrays, a number in a path is an array position, bare numbers, true, false and null also match their JSON value, quoted values match text only). " +
      "`where` (conditions in the rule builder's text form, evaluated exactly as a routing rule would: " +
      "`body.ticket.priority in (\"high\", \"urgent\") and (body.subject contains \"refund\" or tags contains \"vip\")`; fields are body.…, headers.…, event.type, event.method, event.id, source.name, source.id, routing.…, tags; " +
      "operators =, !=, contains, does not contain, begins with, ends with, matches regex, in, not in, exists, is missing, is empty, is not empty, >, >=, <, <=, between … and …; " +
      "text search ignores case, equality does not; a parse error names the character position). " +
      "Paging: `limit` (1–200, default 50) and `before` (the `nextCursor` of the previous page).",
    success: {
      status: 200,
      description: "A page of events, newest first.",
      data: "EventListItem",
      list: true,
      extra: { nextCursor: z.string().nullable().describe("Pass as `before` for the next (older) page; null on the last page.") },
    },
    errors: ["invalid_request"],
  },
  {
    operationId: "getEventBody",
    method: "get",
    path: "/events/{id}/body",
    tag: "Events",
    summary: "Download an event's body as received",
    description:
      "The request body exactly as the receiver got it, byte for byte (keys in their order, whitespace and all), as a file download. " +
      "It is always sent as `application/octet-stream` so a browser never renders it; the content type it arrived with is in the `X-Switchyard-Content-Type` header.",
    params: EVENT_ID,
    success: { status: 200, description: "The body's bytes.", bytes: true },
    errors: ["event_not_found"],
  },
  {
    operationId: "listDeliveries",
    method: "get",
    path: "/deliveries",
    tag: "Deliveries",
    summary: "List deliveries",
    description: `Deliveries newest first, each with its event, source, destination and latest outcome. ${DELIVERY_LIST_QUERY_HELP}`,
    success: {
      status: 200,
      description: "A page of deliveries, newest first.",
      data: "DeliveryListItem",
      list: true,
      extra: { nextCursor: z.string().nullable().describe("Pass as `cursor` for the next (older) page; null on the last page.") },
    },
    errors: ["invalid_request"],
  },
  {
    operationId: "getDelivery",
    method: "get",
    path: "/deliveries/{id}",
    tag: "Deliveries",
    summary: "Get a delivery and its latest attempt",
    description:
      "The delivery's status and latest outcome, with its latest attempt (number, HTTP status, error class and message). After a retry, poll this until `lastAttempt.number` reaches the retry's `awaitingAttempt` to learn how it went.",
    params: DELIVERY_ID,
    success: { status: 200, description: "The delivery.", data: "DeliveryView" },
    errors: ["delivery_not_found"],
  },
  {
    operationId: "retryDelivery",
    method: "post",
    path: "/deliveries/{id}/retry",
    tag: "Deliveries",
    summary: "Retry a delivery now",
    description:
      "A failed, retrying or cancelled delivery gets an attempt due now (a retry scheduled for later is superseded). A succeeded delivery is never sent again (`delivery_already_succeeded`); a pending one is already waiting for its first attempt (`delivery_already_pending`). When the destination is paused, the attempt waits until it is resumed and `destinationPaused` is true; when its circuit is open, it waits for a probe to succeed and `circuitOpen` is true.",
    params: DELIVERY_ID,
    success: {
      status: 200,
      description: "The delivery, waiting for its attempt.",
      data: "DeliveryState",
      extra: {
        destinationPaused: z.boolean().describe("True when the destination is paused: the attempt runs once it is resumed."),
        circuitOpen: z.boolean().describe("True when the destination's circuit is open: the attempt runs once a probe succeeds and the circuit closes."),
        awaitingAttempt: z.number().int().describe("The number of the attempt this retry makes: GET /deliveries/{id} shows its outcome once `lastAttempt.number` reaches it."),
      },
    },
    errors: ["delivery_not_found", "delivery_already_succeeded", "delivery_already_pending"],
  },
  {
    operationId: "cancelDelivery",
    method: "post",
    path: "/deliveries/{id}/cancel",
    tag: "Deliveries",
    summary: "Cancel a delivery's remaining attempts",
    description: "A pending or retrying delivery is cancelled: no further attempts (one already in flight is still recorded). Retry it to undo.",
    params: DELIVERY_ID,
    success: { status: 200, description: "The cancelled delivery.", data: "DeliveryState" },
    errors: ["delivery_not_found", "delivery_not_cancellable"],
  },
  {
    operationId: "listBulkOperations",
    method: "get",
    path: "/bulk-operations",
    tag: "Bulk operations",
    summary: "List recent bulk operations",
    query: BulkOperationListQuery,
    description: "The 20 latest bulk retries and replays, newest first; `?kind=retry` or `?kind=replay` keeps one kind.",
    success: { status: 200, description: "The operations, newest first.", data: "BulkOperationView", list: true },
    errors: ["invalid_request"],
  },
  {
    operationId: "startBulkOperation",
    method: "post",
    path: "/bulk-operations",
    tag: "Bulk operations",
    summary: "Start a bulk retry or replay",
    description:
      "`retry` puts every FAILED delivery the filter selects back in line for an attempt now; `replay` routes every event the filter selects again through the current rules. The worker runs it in batches of 100; follow `processed` against `total` with GET /bulk-operations/{id}. Each item is handled once per operation.",
    body: { schema: "StartBulkOperationInput", required: true },
    success: { status: 201, description: "The operation, running.", data: "BulkOperationView" },
  },
  {
    operationId: "getBulkOperation",
    method: "get",
    path: "/bulk-operations/{id}",
    tag: "Bulk operations",
    summary: "Get a bulk operation's progress",
    params: BULK_OPERATION_ID,
    success: { status: 200, description: "The operation.", data: "BulkOperationView" },
    errors: ["bulk_operation_not_found"],
  },
  {
    operationId: "cancelBulkOperation",
    method: "delete",
    path: "/bulk-operations/{id}",
    tag: "Bulk operations",
    summary: "Cancel a bulk operation",
    description:
      "Stops a running operation: at once between batches, otherwise when the batch in progress ends (`cancelRequested` is true meanwhile). What was already retried or replayed stays so. Cancelling a cancelled operation is fine; a completed or failed one answers `bulk_operation_finished`.",
    params: BULK_OPERATION_ID,
    success: { status: 200, description: "The operation, cancelled or about to be.", data: "BulkOperationView" },
    errors: ["bulk_operation_not_found", "bulk_operation_finished"],
  },
  {
    operationId: "setUpFirstAdmin",
    method: "post",
    path: "/setup",
    tag: "Meta",
    summary: "Create the first administrator (first run)",
    description:
      "Public, and only while no user exists (the set-up page uses it). `setupCode` is the code printed in the start log (`No administrator yet: open …/setup and enter the set-up code …`), printed again at every start until it is used; with ADMIN_EMAIL set the admin is created at start instead. Nothing is hashed, and no one created, when the code is wrong or an administrator exists.",
    body: { schema: "SetupInput", required: true },
    success: { status: 201, description: "The administrator was created.", data: "FirstAdminView" },
    errors: ["setup_code_invalid", "setup_already_done"],
    public: true,
  },
  {
    operationId: "getOverview",
    method: "get",
    path: "/overview",
    tag: "Overview",
    summary: "Get the overview",
    description:
      "History over `?range=hour|day|week` (default day): events received, and deliveries made, each counted once by its outcome as it stands now (succeeded, failed for good, in progress, cancelled), not by attempts, with the destinations with the most failed deliveries. Apart from it, `failingNow`: destinations whose circuit is open, that are paused or failing, and deliveries retrying, at this moment.",
    query: OverviewQuery,
    success: { status: 200, description: "The overview.", data: "OverviewView" },
    errors: ["invalid_request"],
  },
  {
    operationId: "listNotificationChannels",
    method: "get",
    path: "/notification-channels",
    tag: "Alerts",
    summary: "List notification channels",
    description: "Where alerts are sent: Slack-compatible incoming webhooks, signed webhooks and e-mail, oldest first. URLs and secrets are never returned, only a masked `hint`.",
    success: { status: 200, description: "The channels.", data: "ChannelView", list: true },
  },
  {
    operationId: "createNotificationChannel",
    method: "post",
    path: "/notification-channels",
    tag: "Alerts",
    summary: "Create a notification channel",
    description:
      "`kind` is `slack` (an incoming-webhook URL; the body is `{ \"text\": … }`), `webhook` (a Switchyard meta-event `alert.firing`, `alert.repeat`, `alert.resolved` or `test`, signed the Standard Webhooks way with a generated secret returned in `signingSecret` this once) or `email` (`recipients`, sent through the instance's SMTP_URL). A URL that is not http(s), carries credentials or resolves to a private, loopback or metadata address is refused unless `allowPrivateNetwork` (metadata: never). Admin only.",
    body: { schema: "ChannelCreateInput", required: true },
    success: {
      status: 201,
      description: "The new channel, and the webhook channel's signing secret (shown once).",
      data: "ChannelView",
      extra: { signingSecret: z.string().nullable().describe("whsec_…, for the webhook kind only, shown this once; null otherwise.") },
    },
    errors: ["forbidden"],
  },
  {
    operationId: "getNotificationChannel",
    method: "get",
    path: "/notification-channels/{id}",
    tag: "Alerts",
    summary: "Get a notification channel",
    params: CHANNEL_ID,
    success: { status: 200, description: "The channel.", data: "ChannelView" },
    errors: ["notification_channel_not_found"],
  },
  {
    operationId: "updateNotificationChannel",
    method: "patch",
    path: "/notification-channels/{id}",
    tag: "Alerts",
    summary: "Change a notification channel",
    description: "Changes only the fields sent: `name`, `enabled`, and `url` with `allowPrivateNetwork` (slack, webhook) or `recipients` (email). The webhook channel keeps its signing secret. Admin only.",
    params: CHANNEL_ID,
    body: { schema: "ChannelUpdateInput", required: true },
    success: { status: 200, description: "The updated channel.", data: "ChannelView" },
    errors: ["notification_channel_not_found", "forbidden"],
  },
  {
    operationId: "deleteNotificationChannel",
    method: "delete",
    path: "/notification-channels/{id}",
    tag: "Alerts",
    summary: "Delete a notification channel",
    description: "Alerts stay in the history; what was sent through this channel is forgotten. Admin only.",
    params: CHANNEL_ID,
    success: { status: 200, description: "What was deleted.", data: "DeletedChannel" },
    errors: ["notification_channel_not_found", "forbidden"],
  },
  {
    operationId: "testNotificationChannel",
    method: "post",
    path: "/notification-channels/{id}/test",
    tag: "Alerts",
    summary: "Send a test notification",
    description: "Sends one test message through the channel now and says what happened: `ok` false with the reason when it was not delivered (an answer that is not 2xx, a refused address, no SMTP server…). The answer is 200 either way. Admin only.",
    params: CHANNEL_ID,
    success: { status: 200, description: "Whether it was delivered, in words.", data: "ChannelTestResult" },
    errors: ["notification_channel_not_found", "forbidden"],
  },
  {
    operationId: "listAlertRules",
    method: "get",
    path: "/alert-rules",
    tag: "Alerts",
    summary: "List alert rules",
    description: "The six conditions Switchyard watches (one rule each), with their thresholds and how often a condition that holds is repeated. The worker evaluates them every minute.",
    success: { status: 200, description: "The rules.", data: "AlertRuleView", list: true },
  },
  {
    operationId: "getAlertRule",
    method: "get",
    path: "/alert-rules/{id}",
    tag: "Alerts",
    summary: "Get an alert rule",
    params: ALERT_RULE_ID,
    success: { status: 200, description: "The rule.", data: "AlertRuleView" },
    errors: ["alert_rule_not_found"],
  },
  {
    operationId: "updateAlertRule",
    method: "patch",
    path: "/alert-rules/{id}",
    tag: "Alerts",
    summary: "Change an alert rule",
    description: "Turns a rule on or off, changes `repeatMinutes` (1–10080) and any of its thresholds by name (`params`; the rule's view lists them). Takes effect at the next evaluation. Admin only.",
    params: ALERT_RULE_ID,
    body: { schema: "AlertRuleUpdateInput", required: true },
    success: { status: 200, description: "The updated rule.", data: "AlertRuleView" },
    errors: ["alert_rule_not_found", "forbidden"],
  },
  {
    operationId: "listAlerts",
    method: "get",
    path: "/alerts",
    tag: "Alerts",
    summary: "List alert history",
    query: AlertListQuery,
    description: "Alerts newest first, firing and resolved, each with the notifications it sent. Query parameters: `status` (`firing` or `resolved`) and `limit` (1–200, default 50).",
    success: { status: 200, description: "The alerts.", data: "AlertView", list: true },
    errors: ["invalid_request"],
  },
  {
    operationId: "getOpenApiDocument",
    method: "get",
    path: "/openapi.json",
    tag: "Meta",
    summary: "This OpenAPI document",
    description: "Public: it describes the API and holds no data.",
    success: { status: 200, description: "The OpenAPI 3.1 document." },
    public: true,
  },
] as const satisfies readonly ApiOperation[];
