import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import type * as Password from "@/lib/auth/password";
import { hashPassword } from "@/lib/auth/password";
import { db, disconnectDb } from "@/lib/db";
import { createConfiguredAdmin, createFirstAdmin, SetupAlreadyDoneError, SetupCodeInvalidError } from "@/lib/users/create-first-admin";
import { issueSetupCode } from "@/lib/users/issue-setup-code";
import { needsSetup } from "@/lib/users/needs-setup";

// The real argon2 hash, watched: a request that cannot succeed must not cost one.
vi.mock("@/lib/auth/password", async (importOriginal) => {
  const real = await importOriginal<typeof Password>();
  return { ...real, hashPassword: vi.fn(real.hashPassword) };
});
const hashes = vi.mocked(hashPassword);

afterAll(() => disconnectDb());

const account = (email: string) => ({ email, password: "long enough password" });

// Integration test files run one at a time on the run's throwaway database, so emptying the users
// table here cannot disturb another test.
beforeEach(async () => {
  await db().user.deleteMany({});
  await db().setupCode.deleteMany({});
  hashes.mockClear();
});

describe("issueSetupCode", () => {
  it("gives the same code to every start until the first admin exists, and none after", async () => {
    const code = await issueSetupCode();
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(await Promise.all([issueSetupCode(), issueSetupCode()])).toEqual([code, code]);

    await createFirstAdmin({ ...account("a@setup.test"), setupCode: code! });
    expect(await db().setupCode.count()).toBe(0);
    expect(await issueSetupCode()).toBeNull();
  });
});

describe("createFirstAdmin", () => {
  it("refuses a wrong set-up code, or one never issued, before hashing anything, and creates no one", async () => {
    await expect(createFirstAdmin({ ...account("a@setup.test"), setupCode: "0000-0000-0000-0000" })).rejects.toBeInstanceOf(SetupCodeInvalidError);
    const code = await issueSetupCode();
    const wrong = code!.replace(/^./, (first) => (first === "Z" ? "Y" : "Z"));
    await expect(createFirstAdmin({ ...account("a@setup.test"), setupCode: wrong })).rejects.toBeInstanceOf(SetupCodeInvalidError);
    await expect(createFirstAdmin({ ...account("a@setup.test"), setupCode: "   " })).rejects.toThrow();
    expect(hashes).not.toHaveBeenCalled();
    expect(await needsSetup()).toBe(true);
  });

  it("accepts the code as a person types it (any case, spaces for dashes)", async () => {
    const code = await issueSetupCode();
    const admin = await createFirstAdmin({ ...account("a@setup.test"), setupCode: code!.toLowerCase().replaceAll("-", " ") });
    expect(admin.email).toBe("a@setup.test");
    expect(hashes).toHaveBeenCalledTimes(1);
  });

  it("checks that an admin exists before hashing: a set-up after the first costs no hash", async () => {
    const code = await issueSetupCode();
    await createFirstAdmin({ ...account("a@setup.test"), setupCode: code! });
    hashes.mockClear();
    await expect(createFirstAdmin({ ...account("b@setup.test"), setupCode: code! })).rejects.toBeInstanceOf(SetupAlreadyDoneError);
    await expect(createConfiguredAdmin(account("c@setup.test"))).rejects.toBeInstanceOf(SetupAlreadyDoneError);
    expect(hashes).not.toHaveBeenCalled();
  });

  it("lets exactly one of two concurrent set-ups through, and none after that", async () => {
    const setupCode = (await issueSetupCode())!;
    const results = await Promise.allSettled([
      createFirstAdmin({ ...account("a@setup.test"), setupCode }),
      createFirstAdmin({ ...account("b@setup.test"), setupCode }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((result) => result.status === "rejected");
    expect(refused?.reason).toBeInstanceOf(SetupAlreadyDoneError);
    expect(await db().user.findMany({ select: { role: true } })).toEqual([{ role: "admin" }]);
    expect(await needsSetup()).toBe(false);

    await expect(createFirstAdmin({ ...account("c@setup.test"), setupCode })).rejects.toBeInstanceOf(SetupAlreadyDoneError);
  });
});

describe("createConfiguredAdmin", () => {
  it("needs no set-up code (ADMIN_EMAIL is the operator's word) and clears any issued one", async () => {
    await issueSetupCode();
    const admin = await createConfiguredAdmin(account("ops@setup.test"));
    expect(await db().user.findUniqueOrThrow({ where: { id: admin.id }, select: { role: true } })).toEqual({ role: "admin" });
    expect(await db().setupCode.count()).toBe(0);
  });
});
