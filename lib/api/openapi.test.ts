import { readdirSync } from "node:fs";
import SwaggerParser from "@apidevtools/swagger-parser";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { type z } from "zod";
import { API_ERRORS } from "@/lib/api/errors";
import { buildOpenApiDocument, toJsonSchema, type JsonObject } from "@/lib/api/openapi";
import { API_OPERATIONS, API_SCHEMAS, type ApiOperation } from "@/lib/api/operations";
import { ApiErrorBody } from "@/lib/api/schemas";
import { DELIVERY_FILTER_KEYS } from "@/lib/deliveries/delivery-filter";
import { DestinationCircuitView } from "@/lib/destinations/schema";
import { EVENT_FILTER_KEYS } from "@/lib/events/event-filter";
import { RotateSecretInput, SourceCreateInput, SourceUpdateInput, SourceView } from "@/lib/sources/schema";

const document = buildOpenApiDocument({ appUrl: "https://hooks.example.com" });
const paths = document.paths as Record<string, Record<string, JsonObject>>;
const schemas = (document.components as { schemas: Record<string, JsonObject> }).schemas;
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** app/api/v1/sources/[id]/route.ts → /sources/{id} */
function routeFiles(): Array<{ file: string; path: string }> {
  const root = join(process.cwd(), "app", "api", "v1");
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((file) => file === "route.ts" || file.endsWith(`${sep}route.ts`))
    // The catch-all answers paths the document does not list (JSON 404): it is no operation.
    .filter((file) => !file.startsWith("[[..."))
    .map((file) => ({
      file: join(root, file),
      path: `/${relative(root, join(root, file, "..")).split(sep).join("/")}`.replace(/\[(\w+)\]/g, "{$1}"),
    }));
}

function collectRefs(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => collectRefs(item, into));
  else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (key === "$ref" && typeof inner === "string") into.push(inner);
      else collectRefs(inner, into);
    }
  }
  return into;
}

function resolve(pointer: string): unknown {
  expect(pointer.startsWith("#/")).toBe(true);
  return pointer
    .slice(2)
    .split("/")
    .reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), document);
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with the server from APP_URL and bearer authentication", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.servers).toEqual([{ url: "https://hooks.example.com/api/v1" }]);
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    expect((document.components as { securitySchemes: unknown }).securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ type: "http", scheme: "bearer" }) as unknown,
    });
  });

  it("describes every operation of the table, each once with a unique id", () => {
    for (const operation of API_OPERATIONS) {
      expect(paths[operation.path]?.[operation.method], `${operation.method} ${operation.path}`).toMatchObject({ operationId: operation.operationId });
    }
    const ids = API_OPERATIONS.map((operation) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const documented = Object.values(paths).reduce((count, methods) => count + Object.keys(methods).length, 0);
    expect(documented).toBe(API_OPERATIONS.length);
  });

  it("passes a standard OpenAPI 3.1 validator (@apidevtools/swagger-parser), every $ref resolved", async () => {
    // The validator dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
    // …and it does refuse a broken document.
    const broken = structuredClone(document) as { paths: Record<string, Record<string, JsonObject>> };
    (broken.paths["/sources"]!.get as JsonObject).responses = "none";
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow();
  });

  it("declares every query parameter of every list, with one cursor name: `cursor` (`before` only as its deprecated former name)", () => {
    const queryNames = (path: string) => ((paths[path]?.get?.parameters ?? []) as Array<{ name: string; in: string; deprecated?: boolean }>).filter((param) => param.in === "query");
    const names = (path: string) => queryNames(path).map((param) => param.name);
    expect(names("/events")).toEqual(expect.arrayContaining([...EVENT_FILTER_KEYS, "limit", "cursor", "before"]));
    expect(names("/deliveries")).toEqual(expect.arrayContaining([...DELIVERY_FILTER_KEYS, "limit", "cursor"]));
    expect(names("/audit-log")).toEqual(expect.arrayContaining(["limit", "cursor", "targetType"]));
    expect(names("/alerts")).toEqual(["status", "limit"]);
    for (const operation of API_OPERATIONS as readonly ApiOperation[]) {
      const params = queryNames(operation.path).filter(() => operation.method === "get");
      // A paged list (it answers nextCursor) takes `cursor`; no other cursor-like name except the deprecated `before`.
      if (operation.success.extra && "nextCursor" in operation.success.extra) expect(params.map((param) => param.name), operation.operationId).toContain("cursor");
      for (const param of params) if (param.name === "before") expect(param.deprecated, operation.operationId).toBe(true);
    }
  });

  it("documents exactly the handlers the route files under app/api/v1 export", async () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThan(0);
    const exported: string[] = [];
    for (const { file, path } of files) {
      const handlers = (await import(file)) as Record<string, unknown>;
      for (const method of HTTP_METHODS) if (typeof handlers[method] === "function") exported.push(`${method.toLowerCase()} ${path}`);
    }
    expect(exported.sort()).toEqual(API_OPERATIONS.map((operation) => `${operation.method} ${operation.path}`).sort());
  });

  it("makes each route file's handlers with apiRoute, from the operations of that file's path and methods", async () => {
    const served: string[] = [];
    for (const { file, path } of routeFiles()) {
      const handlers = (await import(file)) as Record<string, unknown>;
      for (const method of HTTP_METHODS) {
        if (handlers[method] === undefined) continue;
        const operation = (handlers[method] as { operation?: ApiOperation }).operation;
        expect(operation, `${method} ${path} is made with apiRoute`).toBeDefined();
        expect(API_OPERATIONS, `${method} ${path}`).toContain(operation);
        expect(`${operation?.method} ${operation?.path}`, `${method} ${path} serves ${operation?.operationId}`).toBe(`${method.toLowerCase()} ${path}`);
        served.push(operation?.operationId ?? "");
      }
    }
    expect(served.sort()).toEqual(API_OPERATIONS.map((operation) => operation.operationId).sort());
  });

  it("gives every path parameter a not-found code its operation documents", () => {
    for (const operation of API_OPERATIONS as readonly ApiOperation[]) {
      const names = [...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
      expect(Object.keys(operation.params ?? {}).sort(), operation.operationId).toEqual(names.sort());
      for (const { notFound } of Object.values(operation.params ?? {})) {
        expect(API_ERRORS[notFound].status, operation.operationId).toBe(404);
        expect(operation.errors, operation.operationId).toContain(notFound);
      }
    }
  });

  it("resolves every $ref", () => {
    const refs = collectRefs(document);
    expect(refs.length).toBeGreaterThan(0);
    for (const pointer of refs) expect(resolve(pointer), pointer).toBeTypeOf("object");
  });

  it("uses the zod schemas the routes validate with", () => {
    expect(API_SCHEMAS.SourceCreateInput.schema).toBe(SourceCreateInput);
    expect(API_SCHEMAS.SourceUpdateInput.schema).toBe(SourceUpdateInput);
    expect(API_SCHEMAS.RotateSecretInput.schema).toBe(RotateSecretInput);
    expect(API_SCHEMAS.SourceView.schema).toBe(SourceView);
    const json = (schema: z.ZodType, io: "input" | "output") => toJsonSchema(schema, io);
    expect(schemas.SourceCreateInput).toEqual(json(SourceCreateInput, "input"));
    expect(schemas.SourceUpdateInput).toEqual(json(SourceUpdateInput, "input"));
    expect(schemas.RotateSecretInput).toEqual(json(RotateSecretInput, "input"));
    expect(schemas.SourceView).toEqual(json(SourceView, "output"));
    expect(schemas.Error).toEqual(json(ApiErrorBody, "output"));
    // Input side: fields with defaults are optional to send.
    expect(schemas.SourceCreateInput?.required).toEqual(["name"]);
  });

  it("gives each operation its request body, success answer and documented error codes", () => {
    const create = paths["/sources"]?.post as { requestBody: unknown; responses: Record<string, { description: string }> };
    expect(create.requestBody).toEqual({ required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/SourceCreateInput" } } } });
    expect(Object.keys(create.responses).sort()).toEqual(["201", "400", "401", "403", "413", "503"]);
    // Every authenticated operation may meet a database that is restarting.
    expect(create.responses["503"]?.description).toContain("`database_unavailable`");
    expect(create.responses["400"]?.description).toContain("`invalid_json`");
    expect(create.responses["400"]?.description).toContain("`invalid_request`");

    const rotate = paths["/sources/{id}/rotate-secret"]?.post as { requestBody: { required: boolean }; parameters: unknown[]; responses: Record<string, unknown> };
    expect(rotate.requestBody.required).toBe(false);
    expect(rotate.parameters).toEqual([expect.objectContaining({ name: "id", in: "path", required: true }) as unknown]);
    expect(Object.keys(rotate.responses).sort()).toEqual(["200", "400", "401", "403", "404", "413", "503"]);

    const spec = paths["/openapi.json"]?.get as { security: unknown; responses: Record<string, unknown> };
    expect(spec.security).toEqual([]);
    expect(Object.keys(spec.responses)).toEqual(["200"]);

    for (const operation of API_OPERATIONS as readonly ApiOperation[]) for (const code of operation.errors ?? []) expect(API_ERRORS).toHaveProperty(code);
  });

  it("names what non-JSON answers are: an event's body is octet-stream bytes, an inbox's stream is text/event-stream", () => {
    const content = (path: string) => (paths[path]?.get as { responses: Record<string, { content: Record<string, unknown> }> }).responses["200"]?.content;
    expect(content("/events/{id}/body")).toEqual({ "application/octet-stream": { schema: { type: "string", format: "binary" } } });
    expect(content("/inboxes/{id}/stream")).toEqual({ "text/event-stream": { schema: { type: "string" } } });
  });

  it("describes the circuit breaker: the destination's circuit, its history, Probe now, and no automatic pause", () => {
    const circuit = paths["/destinations/{id}/circuit"]?.get as { operationId: string; responses: Record<string, { description: string; content?: unknown }> };
    expect(circuit.operationId).toBe("getDestinationCircuit");
    expect(Object.keys(circuit.responses).sort()).toEqual(["200", "401", "404", "503"]);
    expect(JSON.stringify(circuit.responses["200"]?.content)).toContain("#/components/schemas/DestinationCircuitView");
    expect(schemas.DestinationCircuitView?.required).toEqual(
      expect.arrayContaining(["state", "failingSince", "openedAt", "nextProbeAt", "probesFailed", "consecutiveFailures", "policy", "history"]),
    );
    expect(API_SCHEMAS.DestinationCircuitView.schema).toBe(DestinationCircuitView);

    const probe = paths["/destinations/{id}/probe"]?.post as { operationId: string; requestBody?: unknown; responses: Record<string, { description: string }> };
    expect(probe.operationId).toBe("probeDestination");
    expect(probe.requestBody).toBeUndefined();
    expect(Object.keys(probe.responses).sort()).toEqual(["200", "401", "403", "404", "409", "503"]);
    expect(probe.responses["409"]?.description).toContain("`circuit_not_open`");
    expect(probe.responses["409"]?.description).toContain("`destination_paused`");

    const view = schemas.DestinationView as { properties: Record<string, unknown>; required: string[] };
    expect(view.properties.circuit).toMatchObject({ type: "object", required: ["state", "failingSince", "openedAt", "nextProbeAt", "probesFailed"] });
    expect(view.required).toContain("circuit");
    expect((schemas.DestinationListItem as { required: string[] }).required).toContain("circuit");
    const resume = paths["/destinations/{id}/resume"]?.post as { responses: Record<string, { content: unknown }> };
    expect(JSON.stringify(resume.responses["200"]?.content)).toContain("circuitOpen");
    // The per-destination automatic pause is gone everywhere.
    expect(JSON.stringify(document)).not.toMatch(/autoPause|consecutive_failures"/);
  });

  it("describes recovery: a retry's attempt, bulk retry outcomes, test deliveries, refused URLs and the overview", () => {
    const test = paths["/destinations/{id}/test-delivery"]?.post as { operationId: string; responses: Record<string, { description: string; content?: unknown }> };
    expect(test.operationId).toBe("sendTestDelivery");
    expect(Object.keys(test.responses).sort()).toEqual(["201", "401", "403", "404", "503"]);
    expect(JSON.stringify(test.responses["201"]?.content)).toContain("#/components/schemas/TestDeliveryView");
    expect((schemas.TestDeliveryView as { required: string[] }).required).toEqual(expect.arrayContaining(["ok", "responseStatus", "errorClass", "errorMessage"]));
    const create = paths["/destinations"]?.post as { responses: Record<string, { description: string }> };
    expect(create.responses["422"]?.description).toContain("`destination_url_refused`");
    const delivery = paths["/deliveries/{id}"]?.get as { responses: Record<string, { content?: unknown }> };
    expect(JSON.stringify(delivery.responses["200"]?.content)).toContain("#/components/schemas/DeliveryView");
    expect(JSON.stringify(paths["/deliveries/{id}/retry"]?.post)).toContain("awaitingAttempt");
    const bulk = schemas.BulkOperationView as { properties: Record<string, unknown>; required: string[] };
    expect(bulk.required).toContain("outcome");
    expect(JSON.stringify(bulk.properties.outcome)).toContain("retrying");
    expect(JSON.stringify(paths["/destinations/{id}/recovery"]?.get)).toContain("#/components/schemas/DestinationRecoveryView");
    const overview = schemas.OverviewView as { required: string[] };
    expect(overview.required).toEqual(expect.arrayContaining(["history", "failingNow"]));
  });

  it("lists the rules API, with its recursive shapes as components of their own", () => {
    const reorder = paths["/sources/{id}/rules/order"]?.put as { operationId: string; responses: Record<string, unknown> };
    expect(reorder.operationId).toBe("reorderRules");
    expect(Object.keys(reorder.responses).sort()).toEqual(["200", "400", "401", "403", "404", "413", "503"]);
    const versions = paths["/rules/{id}/versions"]?.get as { responses: Record<string, { description: string }> };
    expect(versions.responses["404"]?.description).toContain("`rule_not_found`");
    expect(schemas.RuleView?.properties).toMatchObject({ conditions: { $ref: "#/components/schemas/RuleConditionGroup" } });
    expect(schemas.RuleConditionGroup).toMatchObject({ type: "object", required: ["combinator", "rules"] });
    expect(schemas.ConditionGroupTrace).toMatchObject({ type: "object" });
    expect(JSON.stringify(document)).not.toContain("#/$defs/");
  });
});
