// apiRoute on its own: what every /api/v1 route answers before and after its handler runs. The
// caller is stubbed (a Bearer "good" token is an admin's API token, anything else nobody); the
// routes' integration tests (app/api/v1/**) run the same with real tokens and the database.
import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { fail, found, invalid } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { MAX_JSON_BODY_BYTES } from "@/lib/api/parse-json-body";
import { DestinationUrlRefusedError } from "@/lib/destinations/refuse-unreachable-url";
import { RuleValidationError } from "@/lib/rules/check-rule-destinations";
import { SourceSettingsError } from "@/lib/sources/update-source";

vi.mock("@/lib/auth/api-auth", () => ({
  authenticateApiRequest: (request: Request) =>
    Promise.resolve(
      request.headers.get("authorization") === "Bearer good" ? { id: "u1", email: "ada@example.com", name: null, role: "admin", tokenName: "ci" } : null,
    ),
}));

type Route = (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(
  route: Route,
  { method = "GET", id, body, auth = "Bearer good", query = "" }: { method?: string; id?: string; body?: string; auth?: string | null; query?: string } = {},
) {
  const request = new Request(`http://localhost/api/v1/x${query}`, { method, body, headers: auth ? { authorization: auth } : {} });
  const response = await route(request, id === undefined ? undefined : { params: Promise.resolve({ id }) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as { data?: unknown; error?: { code: string; message: string; details?: unknown } } & Record<string, unknown> };
}

const SOURCE = { id: randomUUID(), name: "s" };

describe("apiRoute", () => {
  it("answers 503 database_unavailable with Retry-After when the database cannot be reached, and 500 for any other error", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const down = await call(apiRoute("listSources", () => Promise.reject(refused)));
    expect(down.status).toBe(503);
    expect(down.body.error?.code).toBe("database_unavailable");
    expect(down.body.error?.message).toMatch(/database is unavailable/);
    expect(down.headers.get("retry-after")).toBe("5");
    await expect(call(apiRoute("listSources", () => Promise.reject(new Error("a bug"))))).rejects.toThrow("a bug");
  });

  it("answers 422 destination_url_refused, with the field, for a URL the address policy refuses", async () => {
    const route = apiRoute("createDestination", () => Promise.reject(new DestinationUrlRefusedError("Refusing to connect to 127.0.0.1: it is a loopback address.", "127.0.0.1"))) as Route;
    const answer = await call(route, { method: "POST", body: JSON.stringify({ name: "d", url: "http://127.0.0.1/x" }) });
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({ code: "destination_url_refused", details: [{ path: ["url"] }] });
  });

  it("answers 401 before anything else, and never runs the handler", async () => {
    const handler = vi.fn(() => ({ data: [] }));
    const route = apiRoute("createSource", handler as never) as Route;
    for (const auth of [null, "Bearer bad"]) {
      const answer = await call(route, { method: "POST", auth, body: "{not json" });
      expect(answer.status).toBe(401);
      expect(answer.body.error?.code).toBe("unauthorized");
      expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it("gives the handler the caller, its audit actor, the parsed body and the path params", async () => {
    let seen: unknown;
    const route = apiRoute("updateSource", (context) => {
      seen = { caller: context.caller.email, actor: context.actor, body: context.body, params: context.params };
      return fail("source_not_found");
    }) as Route;
    await call(route, { method: "PATCH", id: SOURCE.id, body: JSON.stringify({ name: "renamed" }) });
    expect(seen).toMatchObject({ caller: "ada@example.com", actor: { id: "u1", label: "API token “ci” (ada@example.com)" }, body: { name: "renamed" }, params: { id: SOURCE.id } });
    // A key the input does not have is refused, named, not dropped.
    const extra = await call(route, { method: "PATCH", id: SOURCE.id, body: JSON.stringify({ name: "renamed", extra: "dropped?" }) });
    expect(extra.status).toBe(400);
    expect(extra.body.error?.message).toContain('"extra"');
  });

  it("answers the success with the operation's status, never cached, and a public operation's as is", async () => {
    const created = await call(apiRoute("createSource", () => ({ data: SOURCE, secret: "whsec" }) as never), { method: "POST", body: JSON.stringify({ name: "s" }) });
    expect(created).toMatchObject({ status: 201, body: { data: SOURCE, secret: "whsec" } });
    expect(created.headers.get("cache-control")).toBe("no-store");
    const spec = await call(apiRoute("getOpenApiDocument", ({ caller }) => ({ openapi: "3.1.0", caller })), { auth: null });
    expect(spec).toMatchObject({ status: 200, body: { openapi: "3.1.0", caller: null } });
    expect(spec.headers.get("cache-control")).toBeNull();
  });

  it("refuses bodies as parseJsonBody does: 413, invalid_json, invalid_request with details; an optional one may be empty", async () => {
    const route = apiRoute("createSource", () => fail("unauthorized")) as Route;
    expect((await call(route, { method: "POST", body: "x".repeat(MAX_JSON_BODY_BYTES + 1) })).body.error?.code).toBe("body_too_large");
    expect((await call(route, { method: "POST", body: "{" })).body.error?.code).toBe("invalid_json");
    expect((await call(route, { method: "POST" })).body.error?.code).toBe("invalid_json");
    const invalidBody = await call(route, { method: "POST", body: JSON.stringify({ name: 1 }) });
    expect(invalidBody.status).toBe(400);
    expect(invalidBody.body.error).toMatchObject({ code: "invalid_request", message: expect.stringMatching(/^name: /) as unknown, details: [{ path: ["name"] }] });

    let body: unknown;
    const rotate = apiRoute("rotateSourceSecret", (context) => ((body = context.body), fail("source_not_found"))) as Route;
    expect((await call(rotate, { method: "POST", id: SOURCE.id })).status).toBe(404);
    expect(body).toEqual({ overlapHours: 24 }); // the empty body, as {} with its defaults
  });

  it("answers a path id that is not a UUID with the operation's not-found code, after the body is checked", async () => {
    const handler = vi.fn(() => ({ data: [] }));
    const getRule = apiRoute("getRule", handler as never) as Route;
    for (const id of ["not-a-uuid", "", "1; drop table rules"]) expect((await call(getRule, { id })).body.error?.code).toBe("rule_not_found");
    expect((await call(getRule)).body.error?.code).toBe("rule_not_found");
    const retry = apiRoute("retryDelivery", handler as never) as Route;
    expect(await call(retry, { method: "POST", id: "x" })).toMatchObject({ status: 404, body: { error: { code: "delivery_not_found" } } });
    const patch = apiRoute("updateSource", handler as never) as Route;
    expect((await call(patch, { method: "PATCH", id: "x", body: "{" })).body.error?.code).toBe("invalid_json");
    expect((await call(patch, { method: "PATCH", id: "x", body: "{}" })).body.error?.code).toBe("source_not_found");
    expect(handler).not.toHaveBeenCalled();
  });

  it("parses the query with the operation's schema", async () => {
    let query: unknown;
    const route = apiRoute("listBulkOperations", (context) => ((query = context.query), { data: [] })) as Route;
    expect((await call(route, { query: "?kind=replay" })).status).toBe(200);
    expect(query).toEqual({ kind: "replay" });
    const refused = await call(route, { query: "?kind=everything&page=2" });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: "invalid_request", details: [{ path: ["kind"] }, { path: ["page"], message: 'Unknown query parameter "page": this endpoint takes kind' }] });
  });

  it("answers the handler's failures: a documented code, a message, the issues", async () => {
    const getRule = (answer: () => unknown) => apiRoute("getRule", answer as never) as Route;
    const id = randomUUID();
    expect(await call(getRule(() => found(null, "rule_not_found")), { id })).toMatchObject({ status: 404, body: { error: { code: "rule_not_found", message: "No rule has this id." } } });
    expect(await call(getRule(() => found({ id }, "rule_not_found")), { id })).toMatchObject({ status: 200, body: { data: { id } } });
    const rollback = apiRoute("rollbackRule", () => fail("rule_not_found", { message: "No version 9." })) as Route;
    expect((await call(rollback, { method: "POST", id, body: JSON.stringify({ version: 9 }) })).body.error).toEqual({ code: "rule_not_found", message: "No version 9." });
    const bulk = apiRoute("startBulkOperation", () => invalid([{ path: ["filter", "status"], message: "Unknown status" }, { path: ["filter"], message: "Too wide" }])) as Route;
    expect((await call(bulk, { method: "POST", body: JSON.stringify({ kind: "retry" }) })).body.error).toEqual({
      code: "invalid_request",
      message: "filter.status: Unknown status (and 1 more; see details)",
      details: [
        { path: ["filter", "status"], message: "Unknown status" },
        { path: ["filter"], message: "Too wide" },
      ],
    });
  });

  it("maps the lib's known errors to invalid_request and rethrows the rest", async () => {
    const id = randomUUID();
    const patchSource = (error: Error) => apiRoute("updateSource", () => Promise.reject(error)) as Route;
    expect((await call(patchSource(new SourceSettingsError("schemeOptions", "Unknown option")), { method: "PATCH", id, body: "{}" })).body.error).toEqual({
      code: "invalid_request",
      message: "schemeOptions: Unknown option",
      details: [{ path: ["schemeOptions"], message: "Unknown option" }],
    });
    const reorder = apiRoute("reorderRules", () => Promise.reject(new RuleValidationError(["ruleIds"], "Give every rule once"))) as Route;
    expect((await call(reorder, { method: "PUT", id, body: JSON.stringify({ ruleIds: [id] }) })).body.error?.details).toEqual([{ path: ["ruleIds"], message: "Give every rule once" }]);

    // A ZodError is the request's fault only where lib re-validates a body; elsewhere it is a bug.
    const zodError = z.object({ name: z.string() }).safeParse({}).error!;
    expect((await call(patchSource(zodError), { method: "PATCH", id, body: "{}" })).body.error?.details).toEqual([{ path: ["name"], message: expect.any(String) as unknown }]);
    await expect(call(apiRoute("getSource", () => Promise.reject(zodError)) as Route, { id })).rejects.toBe(zodError);
    const bug = new Error("bug");
    await expect(call(patchSource(bug), { method: "PATCH", id, body: "{}" })).rejects.toBe(bug);
  });

  it("carries its operation, for the test that ties route files to the table", () => {
    expect(apiRoute("getRule", () => fail("rule_not_found")).operation).toMatchObject({ operationId: "getRule", method: "get", path: "/rules/{id}" });
    expect(() => apiRoute("nope" as "getRule", () => fail("rule_not_found"))).toThrow("no operation nope");
  });
});

describe("apiRoute: query parameters", () => {
  it("refuses a parameter the operation does not declare, naming it and what it takes", async () => {
    const handler = vi.fn(() => ({ data: [] }));
    const none = await call(apiRoute("listSources", handler), { query: "?limit=5" });
    expect(none.status).toBe(400);
    expect(none.body.error).toMatchObject({ code: "invalid_request", details: [{ path: ["limit"], message: 'Unknown query parameter "limit": this endpoint takes no query parameters' }] });
    const some = await call(apiRoute("listAlerts", handler), { query: "?status=firing&limt=5" });
    expect(some.status).toBe(400);
    expect(some.body.error?.details).toEqual([{ path: ["limt"], message: 'Unknown query parameter "limt": this endpoint takes status, limit' }]);
    expect(handler).not.toHaveBeenCalled();
    expect((await call(apiRoute("listAlerts", handler) as Route, { query: "?status=firing&limit=5" })).status).toBe(200);
  });
});
