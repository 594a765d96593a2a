import { afterAll, describe, expect, it } from "vitest";
import { disconnectDb } from "@/lib/db";
import { checkHealth } from "@/lib/runtime/check-health";

afterAll(() => disconnectDb());

describe("checkHealth", () => {
  it("reports the database and the queue as ready", async () => {
    const health = await checkHealth();
    expect(health.ok).toBe(true);
    expect(health.database.ok).toBe(true);
    expect(health.queue).toMatchObject({ ok: true });
    expect(typeof health.queue.queuedJobs).toBe("number");
  });
});
