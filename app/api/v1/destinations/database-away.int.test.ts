// The database away: /api/v1 answers 503 database_unavailable with Retry-After, never a 500 or a
// hang. A child process runs the real route handler (test delivery, and the overview) with the
// real PostgreSQL driver pointed at a loopback port where no server listens, so nothing the other
// tests use is stopped.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { freePort } from "@/lib/testing/test-database";

const run = promisify(execFile);

async function callWithDatabaseAway(route: string, method: string, id: string): Promise<{ status: number; retryAfter: string | null; body: { error?: { code: string; message: string } } }> {
  const script = `
    const route = await import(${JSON.stringify(`./app/api/v1/${route}/route.ts`)});
    const response = await route.${method}(
      new Request("http://localhost:3999/api/v1/x", { method: ${JSON.stringify(method)}, headers: { authorization: "Bearer swy_${"0".repeat(40)}" } }),
      { params: Promise.resolve({ id: ${JSON.stringify(id)} }) },
    );
    console.log(JSON.stringify({ status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.json() }));
    process.exit(0);`;
  const port = await freePort();
  const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    env: { ...process.env, DATABASE_URL: `postgres://postgres:unused@127.0.0.1:${port}/switchyard`, LOG_LEVEL: "error" },
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as never;
}

describe("/api/v1 with the database away", () => {
  it("answers a test delivery and the overview with 503 database_unavailable and Retry-After", async () => {
    for (const [route, method] of [
      ["destinations/[id]/test-delivery", "POST"],
      ["overview", "GET"],
    ] as const) {
      const answer = await callWithDatabaseAway(route, method, randomUUID());
      expect(answer.status, route).toBe(503);
      expect(answer.retryAfter).toBe("5");
      expect(answer.body.error?.code).toBe("database_unavailable");
      expect(answer.body.error?.message).toMatch(/database is unavailable right now/);
    }
  });
});
