// /api/v1/sources, called as Next calls the route handlers: a Request and a promise of the params.
import { randomBytes, randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { SourceListItem } from "@/lib/api/schemas";
import { disconnectDb } from "@/lib/db";
import { SourceView } from "@/lib/sources/schema";
import { createTestSource, createTestUser, TEST_ACTOR, uniqueName } from "@/lib/testing/factories";
import * as rotateRoute from "./[id]/rotate-secret/route";
import * as sourceRoute from "./[id]/route";
import * as sourcesRoute from "./route";

afterAll(() => disconnectDb());

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
interface Answer {
  status: number;
  headers: Headers;
  body: { data?: unknown; secret?: unknown; error?: { code: string; message: string; details?: Array<{ path: unknown[]; message: string }> } };
}

let token = "";
let userId = "";

beforeAll(async () => {
  const user = await createTestUser({ role: "admin" });
  userId = user.id;
  token = (await createApiToken({ userId, name: "route tests", actor: TEST_ACTOR })).token;
});

async function call(
  handler: Handler,
  { method = "GET", id = "", body, auth = token ? `Bearer ${token}` : undefined, headers = {} }: { method?: string; id?: string; body?: unknown; auth?: string | null; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const init: RequestInit = { method, headers: { ...(auth ? { authorization: auth } : {}), ...headers } };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  const response = await handler(new Request(`http://localhost:3999/api/v1/sources/${id}`, init), { params: Promise.resolve({ id }) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Answer["body"]) : {} };
}

const list = sourcesRoute.GET as unknown as Handler;
const create = sourcesRoute.POST as unknown as Handler;

describe("/api/v1/sources authentication", () => {
  it("answers 401 unauthorized without a token, with an unknown or revoked one, and before reading the body", async () => {
    const { token: revoked, view } = await createApiToken({ userId, name: "soon revoked", actor: TEST_ACTOR });
    await revokeApiToken({ id: view.id, userId, actor: TEST_ACTOR });
    const id = randomUUID();
    for (const auth of [null, "Bearer swy_unknown_0000000000000000000000000000000000", `Bearer ${revoked}`, `Basic ${Buffer.from("a:b").toString("base64")}`]) {
      const attempts = [
        await call(list, { auth }),
        await call(create, { method: "POST", auth, body: "{not json" }),
        await call(sourceRoute.GET, { id, auth }),
        await call(sourceRoute.PATCH, { method: "PATCH", id, auth, body: { name: "x" } }),
        await call(sourceRoute.DELETE, { method: "DELETE", id, auth }),
        await call(rotateRoute.POST, { method: "POST", id, auth }),
      ];
      for (const answer of attempts) {
        expect(answer.status).toBe(401);
        expect(answer.body.error?.code).toBe("unauthorized");
        expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer/);
      }
    }
  });

  it("accepts the dashboard's session cookie, but not for a write from another site", async () => {
    const session = await encode({ token: { sub: userId, email: "admin@example.test", role: "admin" }, secret: process.env.AUTH_SECRET ?? "" });
    const cookie = `next-auth.session-token=${session}`;
    expect((await call(list, { auth: null, headers: { cookie } })).status).toBe(200);
    expect((await call(create, { method: "POST", auth: null, headers: { cookie, "sec-fetch-site": "same-origin" }, body: { name: uniqueName("via session") } })).status).toBe(201);
    expect((await call(create, { method: "POST", auth: null, headers: { cookie, "sec-fetch-site": "same-site" }, body: { name: "x" } })).status).toBe(401);
    expect((await call(list, { auth: null, headers: { cookie: "next-auth.session-token=forged" } })).status).toBe(401);
    // A bad token is refused even beside a valid cookie.
    expect((await call(list, { auth: "Bearer swy_wrong_00000000000000000000000000000000000", headers: { cookie } })).status).toBe(401);
  });
});

describe("/api/v1/sources with a bearer token", () => {
  it("creates, lists, reads, updates, rotates and deletes a source", async () => {
    const name = uniqueName("GitHub");
    const created = await call(create, { method: "POST", body: { name, scheme: "github", ipAllowlist: ["192.0.2.0/24"] } });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const source = SourceView.parse(created.body.data);
    expect(source).toMatchObject({ name, scheme: "github", enabled: true, ipAllowlist: ["192.0.2.0/24"] });
    expect(source.ingestUrl).toBe(`http://localhost:3999/in/${source.key}`);
    expect(created.body.secret).toEqual(expect.any(String));
    expect(source.secrets).toHaveLength(1);
    expect(source.secrets[0]?.hint).not.toContain(created.body.secret);

    const listed = await call(list);
    expect(listed.status).toBe(200);
    const items = SourceListItem.array().parse(listed.body.data);
    expect(items.find((item) => item.id === source.id)).toEqual({
      id: source.id,
      name,
      key: source.key,
      ingestUrl: source.ingestUrl,
      enabled: true,
      scheme: "github",
      createdAt: source.createdAt,
      eventsLast24h: 0,
      rejectedLast24h: 0,
      lastReceivedAt: null,
    });

    const read = await call(sourceRoute.GET, { id: source.id });
    expect(read.status).toBe(200);
    expect(read.body.data).toEqual(source);

    const updated = await call(sourceRoute.PATCH, { method: "PATCH", id: source.id, body: { name: "Renamed", enabled: false, ipAllowlist: [] } });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({ id: source.id, name: "Renamed", enabled: false, ipAllowlist: [], scheme: "github" });

    const rotatedAfter = Date.now();
    const rotated = await call(rotateRoute.POST, { method: "POST", id: source.id });
    const rotatedBefore = Date.now();
    expect(rotated.status).toBe(200);
    const { secretId, secret, previousSecretsExpireAt } = rotated.body.data as { secretId: string; secret: string; previousSecretsExpireAt: string | null };
    expect(secret).not.toBe(created.body.secret);
    const afterRotation = SourceView.parse((await call(sourceRoute.GET, { id: source.id })).body.data);
    expect(afterRotation.secrets.map((item) => item.id)[0]).toBe(secretId);
    expect(afterRotation.secrets[1]?.expiresAt).not.toBeNull();
    // The answer says when the previous secret stops verifying: the default overlap, 24 h.
    expect(previousSecretsExpireAt).toBe(afterRotation.secrets[1]?.expiresAt);
    const expiresAt = Date.parse(previousSecretsExpireAt ?? "");
    expect(expiresAt - 24 * 3600_000).toBeGreaterThanOrEqual(rotatedAfter);
    expect(expiresAt - 24 * 3600_000).toBeLessThanOrEqual(rotatedBefore);

    const given = await call(rotateRoute.POST, { method: "POST", id: source.id, body: { secret: "chosen-secret-value", overlapHours: 0 } });
    expect(given.status).toBe(200);
    expect(given.body.data).toMatchObject({ secret: "chosen-secret-value" });

    const deleted = await call(sourceRoute.DELETE, { method: "DELETE", id: source.id });
    expect(deleted.status).toBe(200);
    expect(deleted.body.data).toEqual({ id: source.id, deletedEvents: 0 });
    expect((await call(sourceRoute.GET, { id: source.id })).status).toBe(404);
    expect((await call(sourceRoute.DELETE, { method: "DELETE", id: source.id })).status).toBe(404);
  });

  it("returns no secret for a scheme that does not verify", async () => {
    const created = await call(create, { method: "POST", body: { name: uniqueName("plain") } });
    expect(created.status).toBe(201);
    expect(created.body.secret).toBeNull();
    expect(created.body.data).toMatchObject({ scheme: "none", secrets: [] });
  });

  it("waits for the secret of a provider that makes its own, which must then be given", async () => {
    const created = await call(create, { method: "POST", body: { name: uniqueName("Zendesk"), scheme: "zendesk" } });
    expect(created.status).toBe(201);
    expect(created.body.secret).toBeNull();
    const source = SourceView.parse(created.body.data);
    expect(source).toMatchObject({ scheme: "zendesk", secrets: [] });
    expect(source.summaryTemplate).toContain("{{ticket.id | detail.id}}");

    const generated = await call(rotateRoute.POST, { method: "POST", id: source.id });
    expect(generated.status).toBe(400);
    expect(generated.body.error).toMatchObject({ code: "invalid_request", details: [{ path: ["secret"], message: expect.stringContaining("Zendesk generates the signing secret itself") as unknown }] });
    const pasted = await call(rotateRoute.POST, { method: "POST", id: source.id, body: { secret: "dGhlLXplbmRlc2stc2VjcmV0" } });
    expect(pasted.status).toBe(200);
    // The provider's first secret: there was none before it to expire.
    expect(pasted.body.data).toMatchObject({ secret: "dGhlLXplbmRlc2stc2VjcmV0", previousSecretsExpireAt: null });
  });

  it("takes a summary template, and refuses one that is not valid", async () => {
    const created = await call(create, { method: "POST", body: { name: uniqueName("named"), summaryTemplate: "#{{ticket.id}} {{ticket.subject}}" } });
    expect(created.body.data).toMatchObject({ summaryTemplate: "#{{ticket.id}} {{ticket.subject}}" });
    const id = (created.body.data as { id: string }).id;
    const bad = await call(sourceRoute.PATCH, { method: "PATCH", id, body: { summaryTemplate: "{{ticket.id" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.details).toEqual([{ path: ["summaryTemplate"], message: expect.stringContaining("is not closed") as unknown }]);
    const cleared = await call(sourceRoute.PATCH, { method: "PATCH", id, body: { summaryTemplate: "" } });
    expect(cleared.body.data).toMatchObject({ summaryTemplate: "" });
  });

  it("answers 400 invalid_request with the issues in details", async () => {
    const badCidr = await call(create, { method: "POST", body: { name: "x", ipAllowlist: ["10.0.0.0/8", "10.0.0.300/8"] } });
    expect(badCidr.status).toBe(400);
    expect(badCidr.body.error).toMatchObject({ code: "invalid_request", details: [{ path: ["ipAllowlist", 1], message: expect.any(String) as unknown }] });
    expect(badCidr.body.error?.message).toMatch(/^ipAllowlist\.1: /);

    const badScheme = await call(create, { method: "POST", body: { name: "x", scheme: "carrier-pigeon" } });
    expect(badScheme.status).toBe(400);
    expect(badScheme.body.error?.details).toEqual([{ path: ["scheme"], message: expect.stringContaining("Choose one of") as unknown }]);

    const several = await call(create, { method: "POST", body: { name: "", toleranceSeconds: -1 } });
    expect(several.body.error?.details?.map((issue) => issue.path)).toEqual([["name"], ["toleranceSeconds"]]);

    const notAnObject = await call(create, { method: "POST", body: [] });
    expect(notAnObject.status).toBe(400);
    expect(notAnObject.body.error?.code).toBe("invalid_request");

    const source = await createTestSource();
    const badPatch = await call(sourceRoute.PATCH, { method: "PATCH", id: source.id, body: { ipAllowlist: ["nope"] } });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.error?.details?.[0]?.path).toEqual(["ipAllowlist", 0]);

    const badRotation = await call(rotateRoute.POST, { method: "POST", id: source.id, body: { overlapHours: -1 } });
    expect(badRotation.status).toBe(400);
    expect(badRotation.body.error?.details?.[0]?.path).toEqual(["overlapHours"]);
  });

  it("reports a check that needs the stored source as invalid_request on that field", async () => {
    const source = await createTestSource({ dedupeStrategy: "header", dedupeField: "x-delivery-id" });
    const answer = await call(sourceRoute.PATCH, { method: "PATCH", id: source.id, body: { dedupeField: null } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: "invalid_request", details: [{ path: ["dedupeField"], message: expect.any(String) as unknown }] });
  });

  it("answers 400 invalid_json for a malformed or missing body", async () => {
    for (const body of ['{"name": "x"', "name=x"]) {
      const answer = await call(create, { method: "POST", body });
      expect(answer.status).toBe(400);
      expect(answer.body.error?.code).toBe("invalid_json");
    }
    expect((await call(create, { method: "POST" })).body.error?.code).toBe("invalid_json");
    const source = await createTestSource();
    expect((await call(sourceRoute.PATCH, { method: "PATCH", id: source.id, body: "{" })).body.error?.code).toBe("invalid_json");
  });

  it("answers 404 source_not_found for an unknown or malformed id", async () => {
    for (const id of [randomUUID(), "not-a-uuid", randomBytes(4).toString("hex")]) {
      const answers = [
        await call(sourceRoute.GET, { id }),
        await call(sourceRoute.PATCH, { method: "PATCH", id, body: { name: "x" } }),
        await call(sourceRoute.DELETE, { method: "DELETE", id }),
        await call(rotateRoute.POST, { method: "POST", id }),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(404);
        expect(answer.body.error?.code).toBe("source_not_found");
      }
    }
  });
});
