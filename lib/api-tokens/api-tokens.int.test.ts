import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { authenticateApiToken, LAST_USED_RESOLUTION_MS } from "@/lib/api-tokens/authenticate-api-token";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { listApiTokens } from "@/lib/api-tokens/list-api-tokens";
import { BOOTSTRAP_TOKEN_NAME, registerBootstrapToken } from "@/lib/api-tokens/register-bootstrap-token";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { hashApiToken } from "@/lib/api-tokens/token";
import { db, disconnectDb } from "@/lib/db";
import { ConfigError } from "@/lib/env";
import { createTestUser, TEST_ACTOR } from "@/lib/testing/factories";
import { createConfiguredAdmin } from "@/lib/users/create-first-admin";

// Read by createConfiguredAdmin through env(), which is first called (and cached) inside the tests below.
const BOOTSTRAP = `swy_bootstrap_${randomBytes(16).toString("hex")}`;
process.env.BOOTSTRAP_API_TOKEN = BOOTSTRAP;

afterAll(async () => {
  delete process.env.BOOTSTRAP_API_TOKEN;
  await disconnectDb();
});

const operatorToken = () => `${randomBytes(24).toString("hex")}`;

describe("API tokens", () => {
  it("are created once in plain text, stored hashed, authenticate their user, and are refused once revoked", async () => {
    const user = await createTestUser({ role: "admin" });
    const { token, view } = await createApiToken({ userId: user.id, name: "  CI deploys  ", actor: TEST_ACTOR });
    expect(token).toMatch(/^swy_[A-Za-z0-9_-]{43}$/);
    expect(view).toMatchObject({ name: "CI deploys", prefix: token.slice(0, 12), status: "active", lastUsedAt: null, revokedAt: null });

    const row = await db().apiToken.findUniqueOrThrow({ where: { id: view.id } });
    expect(row.tokenHash).toBe(hashApiToken(token));
    expect(Object.values(row)).not.toContain(token);

    expect(await authenticateApiToken({ token })).toEqual({ ...user, tokenRole: user.role, tokenName: "CI deploys" });
    expect((await listApiTokens({ userId: user.id }))[0]).toMatchObject({ id: view.id, status: "active", lastUsedAt: expect.any(String) as unknown });

    // Someone else cannot revoke it.
    const other = await createTestUser();
    expect(await revokeApiToken({ id: view.id, userId: other.id, actor: TEST_ACTOR })).toBe(false);
    expect(await authenticateApiToken({ token })).toEqual({ ...user, tokenRole: user.role, tokenName: "CI deploys" });

    expect(await revokeApiToken({ id: view.id, userId: user.id, actor: TEST_ACTOR })).toBe(true);
    expect(await authenticateApiToken({ token })).toBeNull();
    expect(await revokeApiToken({ id: view.id, userId: user.id, actor: TEST_ACTOR })).toBe(false);
    expect((await listApiTokens({ userId: user.id }))[0]).toMatchObject({ id: view.id, status: "revoked", revokedAt: expect.any(String) as unknown });
  });

  it("refuses unknown and malformed tokens", async () => {
    expect(await authenticateApiToken({ token: `swy_${randomBytes(32).toString("base64url")}` })).toBeNull();
    expect(await authenticateApiToken({ token: "swy_short" })).toBeNull();
    expect(await authenticateApiToken({ token: `${"x".repeat(40)} with spaces` })).toBeNull();
    expect(await authenticateApiToken({ token: "" })).toBeNull();
    expect(await revokeApiToken({ id: "not-a-uuid", userId: "also-not", actor: TEST_ACTOR })).toBe(false);
  });

  it("records the last use at most once a minute", async () => {
    const user = await createTestUser();
    const { token, view } = await createApiToken({ userId: user.id, name: "poller", actor: TEST_ACTOR });
    await authenticateApiToken({ token });
    const first = (await db().apiToken.findUniqueOrThrow({ where: { id: view.id } })).lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    await authenticateApiToken({ token });
    expect((await db().apiToken.findUniqueOrThrow({ where: { id: view.id } })).lastUsedAt).toEqual(first);

    const longAgo = new Date(Date.now() - LAST_USED_RESOLUTION_MS - 1000);
    await db().apiToken.update({ where: { id: view.id }, data: { lastUsedAt: longAgo } });
    await authenticateApiToken({ token });
    expect((await db().apiToken.findUniqueOrThrow({ where: { id: view.id } })).lastUsedAt!.getTime()).toBeGreaterThan(longAgo.getTime());
  });

  it("lists a user's tokens newest first, or everyone's", async () => {
    const user = await createTestUser();
    const older = await createApiToken({ userId: user.id, name: "older", actor: TEST_ACTOR });
    const newer = await createApiToken({ userId: user.id, name: "newer", actor: TEST_ACTOR });
    expect((await listApiTokens({ userId: user.id })).map((token) => token.id)).toEqual([newer.view.id, older.view.id]);
    expect((await listApiTokens()).map((token) => token.id)).toEqual(expect.arrayContaining([newer.view.id, older.view.id]));
  });

  it("need a name", async () => {
    const user = await createTestUser();
    await expect(createApiToken({ userId: user.id, name: "   ", actor: TEST_ACTOR })).rejects.toThrow(/Give the token a name/);
  });
});

// These tests empty the users table (files run one at a time on the run's database).
describe("registerBootstrapToken", () => {
  it("waits for an admin, is registered when the first admin is created, and is idempotent", async () => {
    await db().user.deleteMany({});
    expect(await registerBootstrapToken({ token: undefined })).toBe("not_configured");
    expect(await registerBootstrapToken({ token: BOOTSTRAP })).toBe("no_admin");
    expect(await db().apiToken.count({ where: { tokenHash: hashApiToken(BOOTSTRAP) } })).toBe(0);

    const admin = await createConfiguredAdmin({ email: "first@bootstrap.test", password: "long enough password" });
    expect(await authenticateApiToken({ token: BOOTSTRAP })).toMatchObject({ id: admin.id, role: "admin" });
    const row = await db().apiToken.findUniqueOrThrow({ where: { tokenHash: hashApiToken(BOOTSTRAP) } });
    expect(row).toMatchObject({ userId: admin.id, name: BOOTSTRAP_TOKEN_NAME, prefix: BOOTSTRAP.slice(0, 12) });

    expect(await registerBootstrapToken({ token: BOOTSTRAP })).toBe("already_registered");
    expect(await db().apiToken.count({ where: { tokenHash: hashApiToken(BOOTSTRAP) } })).toBe(1);
  });

  it("registers once when several processes start at once, for the first admin", async () => {
    const first = await db().user.findFirstOrThrow({ where: { role: "admin" }, orderBy: { createdAt: "asc" } });
    await createTestUser({ role: "admin" });
    const token = operatorToken();
    const results = await Promise.all([1, 2, 3, 4].map(() => registerBootstrapToken({ token })));
    expect(results.filter((result) => result === "registered")).toHaveLength(1);
    expect(results.filter((result) => result === "already_registered")).toHaveLength(3);
    expect(await db().apiToken.findMany({ where: { tokenHash: hashApiToken(token) }, select: { userId: true } })).toEqual([{ userId: first.id }]);
  });

  it("keeps a revoked bootstrap token revoked", async () => {
    const row = await db().apiToken.findUniqueOrThrow({ where: { tokenHash: hashApiToken(BOOTSTRAP) } });
    expect(await revokeApiToken({ id: row.id, userId: row.userId, actor: TEST_ACTOR })).toBe(true);
    expect(await registerBootstrapToken({ token: BOOTSTRAP })).toBe("already_registered");
    expect(await authenticateApiToken({ token: BOOTSTRAP })).toBeNull();
  });

  it("refuses a token shorter than 32 characters with a configuration error that names the variable", async () => {
    const refusal = registerBootstrapToken({ token: "too-short" });
    await expect(refusal).rejects.toBeInstanceOf(ConfigError);
    await expect(refusal).rejects.toThrow(/BOOTSTRAP_API_TOKEN must be at least 32 characters/);
  });
});
