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
  // First: it may install the package, and the port is best taken right before the server starts.
  const binDir = await debianPostgresBinDir();
  dir = await mkdtemp(join(tmpdir(), "switchyard-jit-"));
  server = await startEmbeddedPostgres({ dir: join(dir, "pg"), port: await freePort(), password: randomBytes(12).toString("hex"), binDir });
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

// jit_above_cost=0 asks for every plan to be compiled, whatever it costs, so the assertion holds on
// any version; the lookup settings with jit back on are the control.
const COMPILE_EVERYTHING = "-c jit_above_cost=0";
const LOOKUP_WITH_JIT = `${LOOKUP_SESSION_OPTIONS} -c jit=on`;

describe("lookupPool's planning on a server that can JIT-compile", () => {
  it("with jit on, this server compiles routing's batch read: at the default threshold too, up to PostgreSQL 17", async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ available: boolean; version: number }>("SELECT pg_jit_available() AS available, current_setting('server_version_num')::int AS version");
      expect(rows[0]!.available).toBe(true);
      expect((await jitOfRoutingLoad(`${LOOKUP_WITH_JIT} ${COMPILE_EVERYTHING}`))?.Functions).toBeGreaterThan(0);
      // The mechanism: a disabled node costs 10^10 up to 17, far past jit_above_cost (100,000); 18 counts disabled nodes apart.
      if (rows[0]!.version < 180000) expect((await jitOfRoutingLoad(LOOKUP_WITH_JIT))?.Functions).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
  });

  it("compiles nothing on a lookupPool connection, however costly the plan", async () => {
    expect(await jitOfRoutingLoad(`${LOOKUP_SESSION_OPTIONS} ${COMPILE_EVERYTHING}`)).toBeUndefined();
  });
});
