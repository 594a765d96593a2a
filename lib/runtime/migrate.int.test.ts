import { createHash } from "node:crypto";
import { mkdtemp, mkdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, readMigrations } from "@/lib/runtime/migrate";
import { ensureDatabase } from "@/lib/runtime/embedded-postgres";

// Runs against a database of its own on the test server, so it can start from nothing.
const serverUrl = new URL(process.env.DATABASE_URL!);
const name = `migrate_${Date.now().toString(36)}`;
const url = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
const admin = Object.assign(new URL(serverUrl), { pathname: "/postgres" }).toString();

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(() => ensureDatabase(admin, name));
afterAll(async () => {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
});

describe("applyMigrations", () => {
  it("applies the project's migrations once, recorded the way Prisma records them", async () => {
    const migrationsDir = join(process.cwd(), "prisma", "migrations");
    const migrations = await readMigrations(migrationsDir);
    expect(migrations.length).toBeGreaterThan(0);

    expect(await applyMigrations({ connectionString: url, migrationsDir })).toEqual(migrations.map((m) => m.name));
    expect(await applyMigrations({ connectionString: url, migrationsDir })).toEqual([]);

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name`,
    );
    for (const [index, migration] of migrations.entries()) {
      const sql = await readFile(join(migrationsDir, migration.name, "migration.sql"));
      expect(rows[index]).toMatchObject({
        migration_name: migration.name,
        checksum: createHash("sha256").update(sql).digest("hex"),
        applied_steps_count: 1,
      });
      expect(rows[index]?.finished_at).toBeInstanceOf(Date);
    }
    expect(await query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'events'`)).toHaveLength(1);
  });

  it("records a failing migration, rolls its statements back, and refuses to go on until resolved", async () => {
    const dir = await mkdtemp(join(tmpdir(), "migrations-"));
    await mkdir(join(dir, "20990101000000_broken"));
    await writeFile(join(dir, "20990101000000_broken", "migration.sql"), `CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;`);

    await expect(applyMigrations({ connectionString: url, migrationsDir: dir })).rejects.toThrow(/20990101000000_broken failed/);
    expect(await query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'`)).toHaveLength(0);
    const [row] = await query<{ finished_at: Date | null; logs: string }>(
      `SELECT finished_at, logs FROM _prisma_migrations WHERE migration_name = '20990101000000_broken'`,
    );
    expect(row?.finished_at).toBeNull();
    expect(row?.logs).toMatch(/no_such_table/);

    await expect(applyMigrations({ connectionString: url, migrationsDir: dir })).rejects.toThrow(/failed earlier/);
  });
});
