// Every /api/v1 operation, one entry each. The OpenAPI document (lib/api/openapi.ts) is generated
// from this table and from the very zod schemas the routes validate with; a unit test checks that
// each route file under app/api/v1 has its entry here. A new endpoint = its route + one entry.
import { z } from "zod";
import type { ApiErrorCode } from "@/lib/api/errors";
import { ApiErrorBody, DeletedDestination, DeletedSource, DestinationListItem, RotatedSecret, SourceListItem } from "@/lib/api/schemas";
import {
  DestinationCreateInput,
  DestinationUpdateInput,
  DestinationView,
  PauseDestinationInput,
  RotateDestinationSecretInput,
} from "@/lib/destinations/schema";
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
  DeletedSource: { schema: DeletedSource, io: "output" },
  DestinationCreateInput: { schema: DestinationCreateInput, io: "input" },
  DestinationUpdateInput: { schema: DestinationUpdateInput, io: "input" },
  RotateDestinationSecretInput: { schema: RotateDestinationSecretInput, io: "input" },
  PauseDestinationInput: { schema: PauseDestinationInput, io: "input" },
  DestinationView: { schema: DestinationView, io: "output" },
  DestinationListItem: { schema: DestinationListItem, io: "output" },
  DeletedDestination: { schema: DeletedDestination, io: "output" },
  Error: { schema: ApiErrorBody, io: "output" },
} as const satisfies Record<string, { schema: z.ZodType; io: "input" | "output" }>;

export type ApiSchemaName = keyof typeof API_SCHEMAS;

export interface ApiOperation {
  operationId: string;
  method: "get" | "post" | "patch" | "delete";
  /** Below /api/v1, with {param} placeholders. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** Description of each path parameter (all are UUIDs). */
  params?: Record<string, string>;
  body?: { schema: ApiSchemaName; required: boolean };
  /** The answer on success: `{ data }` (a list when `list`) plus `extra` top-level fields; no `data`: any JSON object. */
  success: { status: 200 | 201; description: string; data?: ApiSchemaName; list?: boolean; extra?: Record<string, z.ZodType> };
  /** Codes particular to this operation. Added by the generator: unauthorized unless `public`;
   *  invalid_json, invalid_request and body_too_large when there is a body. */
  errors?: ApiErrorCode[];
  public?: boolean;
}

const SOURCE_ID = { id: "The source's id." };
const DESTINATION_ID = { id: "The destination's id." };

export const API_OPERATIONS: ApiOperation[] = [
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
      "Creates a source with its own ingest URL. For a verifying scheme the signing secret is the one given, or a generated one; either way it is returned in `secret` this once.",
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
    description: "Changes only the fields sent. Changing the scheme keeps the secrets; rotate to replace them.",
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
      "Adds a new secret (the one given, or a generated one), returned this once. The secrets active until now keep verifying for `overlapHours` (default 24), so the sender can be switched over without losing events. The body may be omitted.",
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
      "Creates an endpoint to deliver events to. Every request is signed the Standard Webhooks way (webhook-id, webhook-timestamp and webhook-signature headers) with a generated whsec_ secret, returned in `secret` this once.",
    body: { schema: "DestinationCreateInput", required: true },
    success: {
      status: 201,
      description: "The new destination, and its signing secret in plain text (shown once).",
      data: "DestinationView",
      extra: { secret: z.string().describe("The whsec_ signing secret, shown this once.") },
    },
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
    description: "Changes only the fields sent; `headers`, when sent, replaces all custom headers. The settings apply from the next attempt on.",
    params: DESTINATION_ID,
    body: { schema: "DestinationUpdateInput", required: true },
    success: { status: 200, description: "The updated destination.", data: "DestinationView" },
    errors: ["destination_not_found"],
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
    description: "Delivers again: every delivery still waiting is requeued, due when it was due.",
    params: DESTINATION_ID,
    success: {
      status: 200,
      description: "The destination, and how many waiting deliveries were requeued.",
      data: "DestinationView",
      extra: { requeued: z.number().int().describe("Waiting deliveries requeued (0 when it was not paused).") },
    },
    errors: ["destination_not_found"],
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
];
