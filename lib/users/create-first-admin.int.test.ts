import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { createFirstAdmin, SetupAlreadyDoneError } from "@/lib/users/create-first-admin";
import { needsSetup } from "@/lib/users/needs-setup";

afterAll(() => disconnectDb());

// Integration test files run one at a time on the run's throwaway database, so emptying the users
// table here cannot disturb another test.
describe("createFirstAdmin", () => {
  it("lets exactly one of two concurrent set-ups through, and none after that", async () => {
    await db().user.deleteMany({});
    expect(await needsSetup()).toBe(true);

    const results = await Promise.allSettled([
      createFirstAdmin({ email: "a@setup.test", password: "long enough password" }),
      createFirstAdmin({ email: "b@setup.test", password: "long enough password" }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((result) => result.status === "rejected");
    expect(refused?.reason).toBeInstanceOf(SetupAlreadyDoneError);
    expect(await db().user.findMany({ select: { role: true } })).toEqual([{ role: "admin" }]);
    expect(await needsSetup()).toBe(false);

    await expect(createFirstAdmin({ email: "c@setup.test", password: "long enough password" })).rejects.toBeInstanceOf(SetupAlreadyDoneError);
  });
});
