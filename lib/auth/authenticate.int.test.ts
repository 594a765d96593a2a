import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/authenticate";
import { LOGIN_MAX_FAILURES } from "@/lib/auth/login-throttle";
import { hashPassword } from "@/lib/auth/password";
import { db, disconnectDb } from "@/lib/db";

afterAll(() => disconnectDb());

async function createUser(password: string) {
  const email = `user-${randomBytes(4).toString("hex")}@example.com`;
  await db().user.create({ data: { email, passwordHash: await hashPassword(password), role: "admin" } });
  return email;
}

function randomAddress() {
  return `203.0.113.${Math.floor(Math.random() * 250) + 1}-${randomBytes(2).toString("hex")}`;
}

describe("authenticate", () => {
  it("accepts the right password, case-insensitively on the email", async () => {
    const email = await createUser("correct horse battery");
    const result = await authenticate({ email: email.toUpperCase(), password: "correct horse battery", address: randomAddress() });
    expect(result).toMatchObject({ ok: true, user: { email, role: "admin" } });
  });

  it("refuses a wrong password and an unknown email alike", async () => {
    const email = await createUser("correct horse battery");
    const address = randomAddress();
    expect(await authenticate({ email, password: "wrong", address })).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await authenticate({ email: "nobody@example.com", password: "x", address })).toEqual({ ok: false, reason: "invalid_credentials" });
  });

  it(`locks an address out after ${LOGIN_MAX_FAILURES} failures, even for the right password`, async () => {
    const email = await createUser("correct horse battery");
    const address = randomAddress();
    for (let attempt = 0; attempt < LOGIN_MAX_FAILURES; attempt++) {
      expect((await authenticate({ email, password: "wrong", address })).ok).toBe(false);
    }
    const locked = await authenticate({ email, password: "correct horse battery", address });
    expect(locked).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(locked.ok === false && locked.reason === "rate_limited" && locked.retryAfterSeconds).toBeGreaterThan(0);
    // Another address is unaffected.
    expect((await authenticate({ email, password: "correct horse battery", address: randomAddress() })).ok).toBe(true);
  });
});
