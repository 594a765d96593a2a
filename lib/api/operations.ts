// Every /api/v1 operation, one entry each. The OpenAPI document (lib/api/openapi.ts) is generated
// from this table and from the very zod schemas the routes validate with; a unit test checks that
// each route file under app/api/v1 has its entry here. A new endpoint = its route + one entry.
import { z } from "zod";
import type { ApiErrorCode } from "@/lib/api/errors";
import { ApiErrorBody, DeletedSource, RotatedSecret, SourceListItem } from "@/lib/api/schemas";
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
