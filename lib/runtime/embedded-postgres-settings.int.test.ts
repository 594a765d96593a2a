// The embedded server's own settings (DEFAULT_SETTINGS in embedded-postgres.ts) reach the running
// server, alongside a caller's.
import { randomBytes } from "node:crypto";
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

it("still applies the caller's settings", async () => {
  expect(await show("log_min_duration_statement")).toBe("250ms");
});
