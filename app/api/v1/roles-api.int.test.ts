// Every /api/v1 operation tried as each role, table-driven over API_OPERATIONS and the route files
// (so a route added later is covered without touching this file): below the operation's role the
// answer is 403 `forbidden` before anything is read or changed; at or above it, never `forbidden`.
// Also: a token's role is capped by its owner's current role, a disabled user's tokens stop
// working, and a scrape token opens nothing here.
import { readdirSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { join, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, roleAtLeast, type Role } from "@/lib/access/roles";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { API_OPERATIONS, type ApiOperation } from "@/lib/api/operations";
import { db, disconnectDb } from "@/lib/db";
import { createTestUser, TEST_ACTOR } from "@/lib/testing/factories";

afterAll(() => disconnectDb());

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** operationId → the handler its route file exports (app/api/v1/sources/[id]/route.ts → GET, PATCH…). */
async function handlersByOperation(): Promise<Map<string, Handler>> {
  const root = join(process.cwd(), "app", "api", "v1");
  const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((file) => file === "route.ts" || file.endsWith(`${sep}route.ts`));
  const handlers = new Map<string, Handler>();
  for (const file of files) {
    const exported = (await import(join(root, file))) as Record<string, unknown>;
    for (const value of Object.values(exported)) {
      const operation = (value as { operation?: ApiOperation } | null)?.operation;
      if (operation) handlers.set(operation.operationId, value as Handler);
    }
  }
  return handlers;
}

async function call(handler: Handler, operation: ApiOperation, token: string): Promise<{ status: number; code?: string; details?: unknown }> {
  const params = Object.fromEntries([...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name = ""]) => [name, randomUUID()]));
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? "");
  const init: RequestInit = { method: operation.method.toUpperCase(), headers: { authorization: `Bearer ${token}` } };
  if (operation.body) {
    init.body = "{}";
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  const response = await handler(new Request(`http://localhost:3999/api/v1${path}`, init), { params: Promise.resolve(params) });
  const text = await response.text();
  const body = (text.startsWith("{") ? JSON.parse(text) : {}) as { error?: { code: string; details?: unknown } };
  return { status: response.status, code: body.error?.code, details: body.error?.details };
}

const tokens = {} as Record<Role, string>;
let handlers = new Map<string, Handler>();

beforeAll(async () => {
  handlers = await handlersByOperation();
  for (const role of ROLES) {
    const user = await createTestUser({ role });
    tokens[role] = (await createApiToken({ userId: user.id, name: `${role} token`, actor: TEST_ACTOR })).token;
  }
});

describe("roles on /api/v1", () => {
  const guarded = (API_OPERATIONS as readonly ApiOperation[]).filter((operation) => operation.role !== "anyone");

  it("has a route for every guarded operation, and every operation states its role", () => {
    for (const operation of API_OPERATIONS as readonly ApiOperation[]) {
      expect([...ROLES, "anyone"], operation.operationId).toContain(operation.role);
      expect(operation.role === "anyone", operation.operationId).toBe(operation.public === true);
    }
    for (const operation of guarded) expect(handlers.get(operation.operationId), operation.operationId).toBeDefined();
  });

  for (const role of ROLES) {
    it(`answers a ${role} 403 forbidden exactly on the operations above ${role}`, async () => {
      const refusedWrongly: string[] = [];
      const allowedWrongly: string[] = [];
      for (const operation of guarded) {
        const handler = handlers.get(operation.operationId);
        if (!handler || operation.role === "anyone") continue;
        const answer = await call(handler, operation, tokens[role]);
        const mayCall = roleAtLeast(role, operation.role);
        if (mayCall && answer.code === "forbidden") refusedWrongly.push(operation.operationId);
        if (!mayCall) {
          if (answer.status !== 403 || answer.code !== "forbidden") allowedWrongly.push(`${operation.operationId} (${answer.status} ${answer.code})`);
          else expect(answer.details).toEqual({ requiredRole: operation.role, role });
        }
      }
      expect(refusedWrongly).toEqual([]);
      expect(allowedWrongly).toEqual([]);
    });
  }

  it("caps a token's role by its owner's role now: an admin's viewer token is a viewer, a demoted owner's admin token an operator", async () => {
    const createSourceOp = API_OPERATIONS.find((operation) => operation.operationId === "createSource") as ApiOperation;
    const retryOp = API_OPERATIONS.find((operation) => operation.operationId === "retryDelivery") as ApiOperation;
    const createSource = handlers.get("createSource") as Handler;
    const retry = handlers.get("retryDelivery") as Handler;

    const admin = await createTestUser({ role: "admin" });
    const viewerToken = (await createApiToken({ userId: admin.id, name: "read-only", role: "viewer", actor: TEST_ACTOR })).token;
    expect((await call(retry, retryOp, viewerToken)).code).toBe("forbidden");

    const adminToken = (await createApiToken({ userId: admin.id, name: "full", actor: TEST_ACTOR })).token;
    expect((await call(createSource, createSourceOp, adminToken)).code).toBe("invalid_request");
    await db().user.update({ where: { id: admin.id }, data: { role: "operator" } });
    expect(await call(createSource, createSourceOp, adminToken)).toMatchObject({ status: 403, code: "forbidden", details: { requiredRole: "admin", role: "operator" } });
    expect((await call(retry, retryOp, adminToken)).code).toBe("delivery_not_found");
  });

  it("refuses a token above its owner's role when it is made", async () => {
    const operator = await createTestUser({ role: "operator" });
    await expect(createApiToken({ userId: operator.id, name: "too much", role: "admin", actor: TEST_ACTOR })).rejects.toThrow(/above its owner/);
  });

  it("stops a disabled user's tokens at once (401), and they work again when enabled", async () => {
    const listSourcesOp = API_OPERATIONS.find((operation) => operation.operationId === "listSources") as ApiOperation;
    const listSources = handlers.get("listSources") as Handler;
    const user = await createTestUser({ role: "operator" });
    const token = (await createApiToken({ userId: user.id, name: "soon disabled", actor: TEST_ACTOR })).token;
    expect((await call(listSources, listSourcesOp, token)).status).toBe(200);
    await db().user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await call(listSources, listSourcesOp, token)).toMatchObject({ status: 401, code: "unauthorized" });
    await db().user.update({ where: { id: user.id }, data: { disabledAt: null } });
    expect((await call(listSources, listSourcesOp, token)).status).toBe(200);
  });

  it("opens nothing in /api/v1 to a scrape token", async () => {
    const admin = await createTestUser({ role: "admin" });
    const scrape = (await createApiToken({ userId: admin.id, name: "prometheus", kind: "scrape", actor: TEST_ACTOR })).token;
    for (const operation of guarded) {
      const handler = handlers.get(operation.operationId);
      if (!handler) continue;
      expect(await call(handler, operation, scrape), operation.operationId).toMatchObject({ status: 401, code: "unauthorized" });
    }
  });
});
