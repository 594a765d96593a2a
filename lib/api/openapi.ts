// The OpenAPI 3.1 document of /api/v1, generated from the operation table (lib/api/operations.ts)
// and the zod schemas the routes validate with, so the description cannot drift from the behaviour.
import { z } from "zod";
import { apiBaseUrl } from "@/lib/api/api-base-url";
import { API_ERRORS, type ApiErrorCode } from "@/lib/api/errors";
import { API_OPERATIONS, API_SCHEMAS, type ApiOperation, type ApiSchemaName } from "@/lib/api/operations";
import { schemeOptionsJsonSchemas } from "@/lib/signatures/registry";

export type JsonObject = { [key: string]: unknown };

const API_DESCRIPTION = `Manage Switchyard over HTTP.

**Authentication.** Send an API token: \`Authorization: Bearer swy_…\`. Create tokens under Settings → API tokens in the
dashboard (or set \`BOOTSTRAP_API_TOKEN\` for automation). Requests from the signed-in dashboard are accepted too.

**Errors** are JSON: \`{ "error": { "code", "message", "details"? } }\`. \`code\` is stable and listed per operation;
\`message\` is for humans. \`invalid_request\` lists each problem in \`details\` as \`{ path, message }\`. A path no operation has answers 404 \`not_found\`; a method
a path does not answer, 405 \`method_not_allowed\` with an \`Allow\` header.`;

const ref = (name: ApiSchemaName) => ({ $ref: `#/components/schemas/${name}` });

/**
 * Schemas whose parse JSON Schema cannot express say how to document them in their metadata:
 * `documentedAs` (a named component describing the same shape, e.g. a rule's condition tree, whose
 * parse goes through transforms), or `schemeOptions` (each scheme's options, the one that applies
 * chosen by the sibling `scheme`).
 */
function documentAsDeclared(context: { jsonSchema: Record<string, unknown> }): void {
  const json = context.jsonSchema;
  const replace = (replacement: JsonObject) => {
    for (const key of Object.keys(json)) delete json[key];
    Object.assign(json, replacement);
  };
  if (typeof json.documentedAs === "string") replace({ $ref: `#/$defs/${json.documentedAs}` });
  else if (json.schemeOptions === true) {
    const { description } = json;
    replace({ anyOf: schemeOptionsJsonSchemas().map(({ schema }) => schema), ...(description ? { description } : {}) });
  }
}

/** A zod schema as the document describes it (draft 2020-12, with the declared documentations above). */
export function toJsonSchema(schema: z.ZodType, io: "input" | "output"): JsonObject {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, target: "draft-2020-12", override: documentAsDeclared }) as JsonObject;
  return json;
}

/** Points a schema's local references (#/$defs/X) at the document's components. */
function toComponentRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toComponentRefs);
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === "$ref" && typeof inner === "string" ? inner.replace(/^#\/\$defs\//, "#/components/schemas/") : toComponentRefs(inner),
    ]),
  );
}

/**
 * API_SCHEMAS as JSON Schema. Shapes that zod puts in $defs (recursive ones, named by their `id`
 * metadata) become components of their own, so every $ref resolves from the document's root.
 */
function componentSchemas(): Record<string, JsonObject> {
  const schemas: Record<string, JsonObject> = {};
  const add = (name: string, json: JsonObject) => {
    const existing = schemas[name];
    if (existing && JSON.stringify(existing) !== JSON.stringify(json)) throw new Error(`Two different schemas are named ${name}`);
    schemas[name] = json;
  };
  for (const [name, { schema, io }] of Object.entries(API_SCHEMAS)) {
    const { $defs, ...json } = toJsonSchema(schema, io);
    add(name, toComponentRefs(json) as JsonObject);
    for (const [defName, def] of Object.entries(($defs ?? {}) as Record<string, JsonObject>)) add(defName, toComponentRefs(def) as JsonObject);
  }
  return schemas;
}

function successResponse(success: ApiOperation["success"]): JsonObject {
  if (success.bytes) {
    const mediaType = success.mediaType ?? "application/octet-stream";
    const schema = mediaType === "application/octet-stream" ? { type: "string", format: "binary" } : { type: "string" };
    return { description: success.description, content: { [mediaType]: { schema } } };
  }
  // Any JSON object: said outright, or generated clients read `{}` as an object with no fields.
  let schema: JsonObject = { type: "object", additionalProperties: true };
  if (success.data) {
    const properties: JsonObject = { data: success.list ? { type: "array", items: ref(success.data) } : ref(success.data) };
    for (const [name, extra] of Object.entries(success.extra ?? {})) properties[name] = toJsonSchema(extra, "output");
    schema = { type: "object", properties, required: Object.keys(properties) };
  }
  return { description: success.description, content: { "application/json": { schema } } };
}

/** The operation's error codes, grouped by status, each status one response listing its codes. */
function errorResponses(operation: ApiOperation): Record<string, JsonObject> {
  const codes = new Set<ApiErrorCode>([
    ...(operation.public ? [] : (["unauthorized", "database_unavailable"] as const)),
    ...(operation.role === "operator" || operation.role === "admin" ? (["forbidden"] as const) : []),
    ...(operation.body ? (["invalid_json", "invalid_request", "body_too_large"] as const) : []),
    ...(operation.errors ?? []),
  ]);
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of codes) byStatus.set(API_ERRORS[code].status, [...(byStatus.get(API_ERRORS[code].status) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, statusCodes]) => [
      String(status),
      {
        description: statusCodes.map((code) => `\`${code}\`: ${API_ERRORS[code].message}`).join("\n\n"),
        content: { "application/json": { schema: ref("Error") } },
      },
    ]),
  );
}

const ROLE_SENTENCES = {
  viewer: "Any role (viewer, operator, admin).",
  operator: "Needs the operator or admin role (`forbidden` otherwise; an API token's role is capped by its owner's).",
  admin: "Needs the admin role (`forbidden` otherwise; an API token's role is capped by its owner's).",
} as const;

function withRole(operation: ApiOperation): string {
  const sentence = operation.role === "anyone" ? "" : ROLE_SENTENCES[operation.role];
  return [operation.description, sentence].filter(Boolean).join("\n\n");
}

function operationObject(operation: ApiOperation): JsonObject {
  const params = [...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name = ""]) => ({
    name,
    in: "path",
    required: true,
    description: operation.params?.[name]?.description,
    schema: { type: "string", format: "uuid" },
  }));
  // Each key of the query schema, a parameter (its description and deprecation lifted from its schema).
  const queryJson = operation.query ? toJsonSchema(operation.query, "input") : null;
  const required = new Set((queryJson?.required as string[] | undefined) ?? []);
  const queryParams = Object.entries((queryJson?.properties ?? {}) as Record<string, JsonObject>).map(([name, { description, deprecated, ...schema }]) => ({
    name,
    in: "query",
    required: required.has(name),
    ...(typeof description === "string" ? { description } : {}),
    ...(deprecated === true ? { deprecated: true } : {}),
    schema: toComponentRefs(schema),
  }));
  const parameters: JsonObject[] = [...params, ...queryParams];
  return {
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.description || operation.role !== "anyone" ? { description: withRole(operation) } : {}),
    // The least role that may call it (viewer < operator < admin): a machine-readable copy.
    "x-required-role": operation.role,
    ...(operation.public ? { security: [] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.body
      ? { requestBody: { required: operation.body.required, content: { "application/json": { schema: ref(operation.body.schema) } } } }
      : {}),
    responses: { [String(operation.success.status)]: successResponse(operation.success), ...errorResponses(operation) },
  };
}

export function buildOpenApiDocument({ appUrl, operations = API_OPERATIONS }: { appUrl: string; operations?: readonly ApiOperation[] }): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const operation of operations) {
    paths[operation.path] = { ...paths[operation.path], [operation.method]: operationObject(operation) };
  }
  const schemas = componentSchemas();
  return {
    openapi: "3.1.0",
    info: { title: "Switchyard API", version: "1", description: API_DESCRIPTION },
    servers: [{ url: apiBaseUrl({ appUrl }) }],
    security: [{ bearerAuth: [] }],
    tags: [...new Set(operations.map((operation) => operation.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "An API token (swy_…), from Settings → API tokens." },
      },
      schemas,
    },
  };
}
