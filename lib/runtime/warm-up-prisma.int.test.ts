// warmUpPrisma runs while web and worker start (lib/runtime/warm-up-prisma.ts): it makes Prisma's
// first query, and it must never stop a process from starting. With the database away it resolves
// and says why in a structured warning. Each case runs in a child process: a process reads its
// DATABASE_URL once, and the second case needs one that points nowhere.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { freePort } from "@/lib/testing/test-database";

function runWarmUp(databaseUrl: string): Promise<{ code: number | null; stdout: string }> {
  const script = 'import { warmUpPrisma } from "@/lib/runtime/warm-up-prisma"; await warmUpPrisma(); console.log("warm-up resolved"); process.exit(0);';
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout })));
}

describe("warmUpPrisma", () => {
  it("makes a first query through Prisma", { timeout: 60_000 }, async () => {
    const { code, stdout } = await runWarmUp(process.env.DATABASE_URL!);
    expect(stdout).toContain("warm-up resolved");
    expect(stdout).not.toContain("could not warm up");
    expect(code).toBe(0);
  });

  it("resolves with the database away, and logs why as a structured warning", { timeout: 60_000 }, async () => {
    const { code, stdout } = await runWarmUp(`postgres://switchyard:unused@127.0.0.1:${await freePort()}/switchyard`);
    expect(code).toBe(0);
    expect(stdout).toContain("warm-up resolved");
    const warning = stdout
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { level: string; scope: string; msg: string; reason?: string; error?: string })
      .find((entry) => entry.scope === "prisma-warm-up");
    expect(warning).toMatchObject({ level: "warn", msg: "could not warm up the database client; its first query will", reason: "database_unavailable" });
    // Prisma's "can't reach the database server".
    expect(warning!.error).toContain("P1001");
  });
});
