// The migration that brought the circuit breaker (20261204055241_destination_circuit_breaker) turns
// the old automatic pauses into open circuits due for a probe, and leaves every other pause alone.
// Runs on a database of its own, migrated up to the migration before, then through it.
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDatabase } from "@/lib/runtime/embedded-postgres";
import { applyMigrations, readMigrations } from "@/lib/runtime/migrate";

const MIGRATION = "20261204055241_destination_circuit_breaker";
const serverUrl = new URL(process.env.DATABASE_URL!);
const name = `circuit_migration_${Date.now().toString(36)}`;
const url = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
const admin = Object.assign(new URL(serverUrl), { pathname: "/postgres" }).toString();
let client: pg.Client;

beforeAll(async () => {
  await ensureDatabase(admin, name);
  client = new pg.Client({ connectionString: url });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  const dropper = new pg.Client({ connectionString: admin });
  await dropper.connect();
  await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await dropper.end();
});

describe(`migration ${MIGRATION}`, () => {
  it("makes automatically paused destinations active with an open circuit due now, and keeps operators' and 410 pauses", async () => {
    const source = join(process.cwd(), "prisma", "migrations");
    const before = await mkdtemp(join(tmpdir(), "migrations-before-"));
    for (const migration of await readMigrations(source)) {
      if (migration.name >= MIGRATION) break;
      await cp(join(source, migration.name), join(before, migration.name), { recursive: true });
    }
    await applyMigrations({ connectionString: url, migrationsDir: before });

    const insert = `INSERT INTO destinations (name, url, state, paused_reason, paused_at, consecutive_failures, updated_at)
                    VALUES ($1, 'https://example.com/hook', $2, $3, $4, $5, now())`;
    const pausedAt = new Date(Date.now() - 3600_000);
    await client.query(insert, ["auto", "paused", "Paused automatically after 20 consecutive failed attempts (last: HTTP 500)", pausedAt, 20]);
    await client.query(insert, ["auto-one", "paused", "Paused automatically after 1 consecutive failed attempt (last: timeout)", pausedAt, 1]);
    await client.query(insert, ["operator", "paused", "maintenance window", pausedAt, 3]);
    await client.query(insert, ["gone", "paused", "endpoint answered 410 Gone", pausedAt, 1]);
    await client.query(insert, ["failing", "active", null, null, 4]);
    await client.query(insert, ["fine", "active", null, null, 0]);

    expect(await applyMigrations({ connectionString: url, migrationsDir: source })).toContain(MIGRATION);
    const { rows } = await client.query<{
      name: string;
      state: string;
      paused_reason: string | null;
      circuit_state: string;
      circuit_opened_at: Date | null;
      due_now: boolean | null;
      failing_since: Date | null;
    }>(`SELECT name, state::text, paused_reason, circuit_state::text, circuit_opened_at, circuit_next_probe_at <= now() AS due_now, failing_since
        FROM destinations ORDER BY name`);
    const byName = Object.fromEntries(rows.map((row) => [row.name, row]));
    for (const auto of ["auto", "auto-one"]) {
      expect(byName[auto]).toMatchObject({ state: "active", paused_reason: null, circuit_state: "open", circuit_opened_at: pausedAt, due_now: true, failing_since: pausedAt });
    }
    expect(byName.operator).toMatchObject({ state: "paused", paused_reason: "maintenance window", circuit_state: "closed", circuit_opened_at: null });
    expect(byName.gone).toMatchObject({ state: "paused", paused_reason: "endpoint answered 410 Gone", circuit_state: "closed" });
    expect(byName.failing).toMatchObject({ state: "active", circuit_state: "closed" });
    expect(byName.failing!.failing_since).not.toBeNull();
    expect(byName.fine).toMatchObject({ circuit_state: "closed", failing_since: null });

    const history = await client.query<{ name: string; from_state: string; to_state: string; reason: string; at: Date }>(
      `SELECT d.name, e.from_state::text, e.to_state::text, e.reason, e.at FROM destination_circuit_events e JOIN destinations d ON d.id = e.destination_id ORDER BY d.name`,
    );
    expect(history.rows).toEqual([
      { name: "auto", from_state: "closed", to_state: "open", at: pausedAt, reason: "converted from the automatic pause: Paused automatically after 20 consecutive failed attempts (last: HTTP 500)" },
      { name: "auto-one", from_state: "closed", to_state: "open", at: pausedAt, reason: "converted from the automatic pause: Paused automatically after 1 consecutive failed attempt (last: timeout)" },
    ]);
    const columns = await client.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'destinations' AND column_name = 'auto_pause_after'`);
    expect(columns.rowCount).toBe(0);
  });
});
