// /api/v1/users and /api/v1/invites, called as Next calls the route handlers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { db, disconnectDb } from "@/lib/db";
import { createTestUser, TEST_ACTOR } from "@/lib/testing/factories";
import { UserView } from "@/lib/users/schema";
import * as inviteRoute from "../invites/[id]/route";
import * as invitesRoute from "../invites/route";
import * as signOutRoute from "../me/sign-out-everywhere/route";
import * as userRoute from "./[id]/route";
import * as usersRoute from "./route";

afterAll(() => disconnectDb());

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
let token = "";

beforeAll(async () => {
  const admin = await createTestUser({ role: "admin" });
  token = (await createApiToken({ userId: admin.id, name: "users api", actor: TEST_ACTOR })).token;
});

async function call(handler: unknown, { method = "GET", id = "", body }: { method?: string; id?: string; body?: unknown } = {}) {
  const init: RequestInit = { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await (handler as Handler)(new Request(`http://localhost:3999/api/v1/x/${id}`, init), { params: Promise.resolve({ id }) });
  return { status: response.status, body: (await response.json()) as { data?: unknown; error?: { code: string; message: string } } };
}

describe("/api/v1 users and invites", () => {
  it("invites with a link shown once, lists and withdraws invitations", async () => {
    const email = `api-${Date.now()}@example.test`;
    const created = await call(invitesRoute.POST, { method: "POST", body: { email, role: "viewer" } });
    expect(created.status).toBe(201);
    const data = created.body.data as { url: string; emailed: boolean; invite: { id: string; status: string } };
    expect(data.url).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(data.invite.status).toBe("open");
    const listed = await call(invitesRoute.GET);
    expect((listed.body.data as Array<{ id: string }>).map((invite) => invite.id)).toContain(data.invite.id);
    expect(JSON.stringify(listed.body)).not.toContain(data.url);
    const revoked = await call(inviteRoute.DELETE, { method: "DELETE", id: data.invite.id });
    expect((revoked.body.data as { status: string }).status).toBe("revoked");
    expect((await call(invitesRoute.POST, { method: "POST", body: { email: "not an address", role: "viewer" } })).status).toBe(400);
    expect((await call(invitesRoute.POST, { method: "POST", body: { email, role: "owner" } })).body.error?.code).toBe("invalid_request");
  });

  it("answers user_exists for an address with an account, lists users typed, changes roles, removes", async () => {
    const existing = await createTestUser({ role: "viewer" });
    expect((await call(invitesRoute.POST, { method: "POST", body: { email: existing.email, role: "viewer" } })).body.error?.code).toBe("user_exists");
    const users = (await call(usersRoute.GET)).body.data as unknown[];
    for (const user of users) UserView.parse(user);
    const changed = await call(userRoute.PATCH, { method: "PATCH", id: existing.id, body: { role: "operator" } });
    expect(changed.body.data).toMatchObject({ id: existing.id, role: "operator", status: "active" });
    expect((await call(userRoute.PATCH, { method: "PATCH", id: existing.id, body: {} })).status).toBe(400);

    const removed = await call(userRoute.DELETE, { method: "DELETE", id: existing.id });
    expect(removed.body.data).toEqual({ id: existing.id, email: existing.email });
    expect((await call(userRoute.GET, { id: existing.id })).body.error?.code).toBe("user_not_found");
  });

  it("answers 409 last_admin when the only active admin would be demoted", async () => {
    const others = await db().user.findMany({ where: { role: "admin", disabledAt: null }, select: { id: true } });
    const me = await db().user.findFirstOrThrow({ where: { apiTokens: { some: { name: "users api" } } }, select: { id: true } });
    const rest = others.filter((other) => other.id !== me.id).map((other) => other.id);
    await db().user.updateMany({ where: { id: { in: rest } }, data: { disabledAt: new Date() } });
    try {
      const refused = await call(userRoute.PATCH, { method: "PATCH", id: me.id, body: { role: "viewer" } });
      expect(refused).toMatchObject({ status: 409, body: { error: { code: "last_admin" } } });
    } finally {
      await db().user.updateMany({ where: { id: { in: rest } }, data: { disabledAt: null } });
    }
  });

  it("signs the caller out everywhere", async () => {
    const me = await db().user.findFirstOrThrow({ where: { apiTokens: { some: { name: "users api" } } }, select: { id: true, sessionVersion: true } });
    expect((await call(signOutRoute.POST, { method: "POST" })).status).toBe(200);
    expect((await db().user.findUniqueOrThrow({ where: { id: me.id } })).sessionVersion).toBe(me.sessionVersion + 1);
  });
});
