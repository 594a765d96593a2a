// lookupPool's statements are never JIT-compiled, on a server that can (lib/db.ts, LOOKUP_PLANNING).
// The embedded server is built without LLVM, so this starts Debian's PostgreSQL, which has it.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOOKUP_SESSION_OPTIONS } from "@/lib/db";
import { routingLoad } from "@/lib/pipeline/routing/route-events";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { applyMigrations } from "@/lib/runtime/migrate";
import { debianPostgresBinDir } from "@/lib/testing/debian-postgres";
import { freePort } from "@/lib/testing/test-database";

let dir: string;
let server: EmbeddedPostgres;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "switchyard-jit-"));
  server = await startEmbeddedPostgres({ dir: join(dir, "pg"), port: await freePort(), password: randomBytes(12).toString("hex"), binDir: await debianPostgresBinDir() });
  await applyMigrations({ connectionString: server.url, migrationsDir: join(process.cwd(), "prisma", "migrations") });
}, 300_000);

afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs routing's batch read once, as a prepared statement on a connection with these startup options; EXPLAIN ANALYZE's JIT section, if any. */
async function jitOfRoutingLoad(options: string): Promise<{ Functions: number; Timing: { Total: number } } | undefined> {
  const client = new pg.Client({ connectionString: server.url, options });
  await client.connect();
  try {
    await client.query(`PREPARE routing_load AS ${routingLoad([[], []]).text}`);
    const ids = [randomUUID(), randomUUID()];
    const { rows } = await client.query<{ "QUERY PLAN": Array<{ JIT?: { Functions: number; Timing: { Total: number } } }> }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE routing_load('{${ids.join(",")}}', '{initial,initial}')`,
    );
    return rows[0]!["QUERY PLAN"][0]!.JIT;
  } finally {
    await client.end();
  }
}

// jit_above_cost=0 asks for every plan to be compiled, whatever it costs: the assertions then do not
// hang on how PostgreSQL costs routing's load (up to version 17 a disabled node costs 10^10, far past
// the default threshold of 100,000; from 18 on it does not).
const COMPILE_EVERYTHING = "-c jit_above_cost=0";

describe("lookupPool's planning on a server that can JIT-compile", () => {
  it("this server compiles routing's batch read when asked to", async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query<{ available: boolean }>("SELECT pg_jit_available() AS available");
    await client.end();
    expect(rows[0]!.available).toBe(true);
    expect((await jitOfRoutingLoad(COMPILE_EVERYTHING))?.Functions).toBeGreaterThan(0);
  });

  it("compiles nothing on a lookupPool connection, however costly the plan", async () => {
    expect(await jitOfRoutingLoad(`${LOOKUP_SESSION_OPTIONS} ${COMPILE_EVERYTHING}`)).toBeUndefined();
  });
});
