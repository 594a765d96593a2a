// The embedded server's own settings (DEFAULT_SETTINGS in embedded-postgres.ts) reach the running
// server, alongside a caller's; and its malloc tunables (SERVER_MALLOC_TUNABLES) reach its backends.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { freePort } from "@/lib/testing/test-database";

let dir: string;
let server: EmbeddedPostgres;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pg-settings-"));
  server = await startEmbeddedPostgres({
    dir: join(dir, "pg"),
    port: await freePort(),
    password: randomBytes(12).toString("hex"),
    watchdog: false,
    settings: { log_min_duration_statement: "250" },
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function show(name: string): Promise<string> {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ value: string }>(`SELECT current_setting($1) AS value`, [name]);
    return rows[0]!.value;
  } finally {
    await client.end();
  }
}

it("does not zero-fill new WAL segments, so commits do not stall behind one", async () => {
  expect(await show("wal_init_zero")).toBe("off");
});

// A backend's minor page faults so far (/proc/<pid>/stat, field 10): memory mapped in, page by page.
function minorFaults(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return Number(fields[7]);
}

it("lets a backend reuse memory a query freed, instead of faulting it in again for the next query", async () => {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const pid = rows[0]!.pid;
    // Each query builds a 1 MB value and frees it at its end. The first one maps the memory in.
    const query = "SELECT length(repeat('x', 1000000))";
    await client.query(query);
    const before = minorFaults(pid);
    for (let run = 0; run < 3; run++) await client.query(query);
    // glibc's defaults gave that 1 MB back after every query and faulted it in again: ~450 faults a
    // query, ~1,350 for these three. Kept, it is reused: a few faults at most.
    expect(minorFaults(pid) - before).toBeLessThan(100);
  } finally {
    await client.end();
  }
});

it("still applies the caller's settings", async () => {
  expect(await show("log_min_duration_statement")).toBe("250ms");
});

it("starts and answers when the operator's GLIBC_TUNABLES is malformed (glibc ignores what it cannot parse)", async () => {
  const previous = process.env.GLIBC_TUNABLES;
  process.env.GLIBC_TUNABLES = "not a tunable:::=x:glibc.nothing=";
  const other = await startEmbeddedPostgres({
    dir: join(dir, "pg-malformed-tunables"),
    port: await freePort(),
    password: randomBytes(12).toString("hex"),
    watchdog: false,
  }).finally(() => {
    if (previous === undefined) delete process.env.GLIBC_TUNABLES;
    else process.env.GLIBC_TUNABLES = previous;
  });
  try {
    const client = new pg.Client({ connectionString: other.url });
    await client.connect();
    try {
      expect((await client.query<{ one: number }>("SELECT 1 AS one")).rows[0]!.one).toBe(1);
    } finally {
      await client.end();
    }
  } finally {
    await other.stop();
  }
}, 120_000);
