// Applies prisma/migrations/*/migration.sql in folder order without Prisma's downloadable schema
// engine, recording each in Prisma's own `_prisma_migrations` table (same columns, sha256 checksum,
// same advisory lock) so `prisma migrate deploy` run later by an online user agrees with it.
import { createHash, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { logger } from "@/lib/log";

const log = logger("migrate");
const PRISMA_ADVISORY_LOCK = 72707369;

const CREATE_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(dir: string): Promise<Migration[]> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(join(dir, name, "migration.sql"));
      return { name, sql: bytes.toString("utf8"), checksum: createHash("sha256").update(bytes).digest("hex") };
    }),
  );
}

export interface ApplyMigrationsOptions {
  connectionString: string;
  migrationsDir: string;
}

/** Applies pending migrations; returns the names applied. Safe to run from several processes at once. */
export async function applyMigrations({ connectionString, migrationsDir }: ApplyMigrationsOptions): Promise<string[]> {
  const migrations = await readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
    await client.query(CREATE_TABLE);
    const { rows } = await client.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
    );
    const rowsByName = new Map<string, AppliedRow[]>();
    for (const row of rows) rowsByName.set(row.migration_name, [...(rowsByName.get(row.migration_name) ?? []), row]);

    for (const migration of migrations) {
      const previous = (rowsByName.get(migration.name) ?? []).filter((row) => row.rolled_back_at === null);
      const done = previous.find((row) => row.finished_at !== null);
      if (done) {
        if (done.checksum !== migration.checksum) {
          log.warn("an applied migration was modified after it was applied", { migration: migration.name });
        }
        continue;
      }
      if (previous.length > 0) {
        throw new Error(
          `Migration ${migration.name} failed earlier and was not rolled back. Fix the database, then mark it with \`prisma migrate resolve --rolled-back ${migration.name}\` (or delete its row in _prisma_migrations) and start again.`,
        );
      }
      await applyOne(client, migration);
      applied.push(migration.name);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]).catch(() => undefined);
    await client.end();
  }
  return applied;
}

async function applyOne(client: pg.Client, migration: Migration): Promise<void> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
    [id, migration.checksum, migration.name],
  );
  try {
    // A multi-statement script sent as one simple query runs as a single implicit transaction.
    await client.query(migration.sql);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, message]);
    throw new Error(`Migration ${migration.name} failed: ${message}`, { cause: error });
  }
  await client.query(
    `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
    [id],
  );
  log.info("applied migration", { migration: migration.name });
}
