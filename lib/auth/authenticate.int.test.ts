import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/authenticate";
import { LOGIN_MAX_FAILURES, LOGIN_MAX_FAILURES_PER_ACCOUNT } from "@/lib/auth/login-throttle";
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

  it(`lets at most ${LOGIN_MAX_FAILURES} of 20 parallel wrong passwords from one address reach the password check`, async () => {
    const email = await createUser("correct horse battery");
    const address = randomAddress();
    const results = await Promise.all(Array.from({ length: 20 }, () => authenticate({ email, password: "wrong", address })));
    const checked = results.filter((result) => !result.ok && result.reason === "invalid_credentials");
    expect(checked.length).toBeLessThanOrEqual(LOGIN_MAX_FAILURES);
    expect(results.filter((result) => !result.ok && result.reason === "rate_limited")).toHaveLength(20 - checked.length);
    expect((await authenticate({ email, password: "correct horse battery", address })).ok).toBe(false);
  });

  it(`limits an account to ${LOGIN_MAX_FAILURES_PER_ACCOUNT} attempts a window, whatever the addresses they come from`, async () => {
    const email = await createUser("correct horse battery");
    const results = await Promise.all(
      Array.from({ length: LOGIN_MAX_FAILURES_PER_ACCOUNT + 10 }, () => authenticate({ email: email.toUpperCase(), password: "wrong", address: randomAddress() })),
    );
    expect(results.filter((result) => !result.ok && result.reason === "invalid_credentials").length).toBeLessThanOrEqual(LOGIN_MAX_FAILURES_PER_ACCOUNT);
    const locked = await authenticate({ email, password: "correct horse battery", address: randomAddress() });
    expect(locked).toMatchObject({ ok: false, reason: "rate_limited" });
    // Other accounts are unaffected.
    const other = await createUser("correct horse battery");
    expect((await authenticate({ email: other, password: "correct horse battery", address: randomAddress() })).ok).toBe(true);
  });
});
