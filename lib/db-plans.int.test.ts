// Why the hot statements whose best plan depends on table sizes run on lookupPool's connections
// (lib/db.ts), measured on a real server: a statement kept prepared with the ordinary planner
// settles on one generic plan after 5 runs and keeps it until the table's statistics change. Made
// while a table is nearly empty (a fresh install, with no autoanalyze yet), that plan scans the whole
// table on every call long after it has grown. On a lookup connection, the same statement is planned
// once, on its first run, as index lookups, and keeps using the index as the table grows.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb, LOOKUP_SESSION_OPTIONS, lookupPool, lookupStatement, prepared } from "@/lib/db";

let client: pg.Client;
/** A connection planned as lookupPool's are. */
let lookup: pg.Client;
const schema = `plan_probe_${randomBytes(4).toString("hex")}`;
const JOIN = `SELECT p.id, length(p.padding) AS size FROM unnest($1::int[]) AS k(id) JOIN probe p ON p.id = k.id`;

beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(`SET search_path = ${schema}`);
  // Wide rows, as events and deliveries are; autovacuum off so the test decides when statistics change.
  await client.query(`CREATE TABLE probe (id int PRIMARY KEY, padding text NOT NULL) WITH (autovacuum_enabled = off)`);
  lookup = new pg.Client({ connectionString: process.env.DATABASE_URL, options: LOOKUP_SESSION_OPTIONS });
  await lookup.connect();
  await lookup.query(`SET search_path = ${schema}`);
});

afterAll(async () => {
  await disconnectDb();
  await lookup.end();
  await client.query(`DROP SCHEMA ${schema} CASCADE`);
  await client.end();
});

async function addRows(from: number, to: number): Promise<void> {
  await client.query(`INSERT INTO probe SELECT i, repeat('x', 400) FROM generate_series($1::int, $2::int) i`, [from, to]);
}

/** This backend's not yet reported scan counts of the table (they only reset when reported, when idle). */
async function counters(on: pg.Client): Promise<{ seq: number; index: number }> {
  const { rows } = await on.query<{ seq: string; index: string }>(
    `SELECT seq_scan AS seq, coalesce(idx_scan, 0) AS index FROM pg_stat_xact_user_tables WHERE relid = 'probe'::regclass`,
  );
  const [row] = rows;
  if (!row) throw new Error("no statistics row for the probe table");
  return { seq: Number(row.seq), index: Number(row.index) };
}

/** Runs the statement once; how it read the table (counted in one transaction: nothing reported between). */
async function scansOf(statement: (values: unknown[]) => pg.QueryConfig, ids: number[], on = client): Promise<{ seq: number; index: number; rows: number }> {
  await on.query("BEGIN");
  try {
    const before = await counters(on);
    const { rowCount } = await on.query(statement([ids]));
    const after = await counters(on);
    return { seq: after.seq - before.seq, index: after.index - before.index, rows: rowCount ?? 0 };
  } finally {
    await on.query("COMMIT");
  }
}

/** How many runs of the session's prepared statement `name` used its generic plan, and how many a custom one (pg_prepared_statements). */
async function plansOf(on: pg.Client, name: string): Promise<{ generic: number; custom: number }> {
  const { rows } = await on.query<{ generic: string; custom: string }>(
    "SELECT generic_plans AS generic, custom_plans AS custom FROM pg_prepared_statements WHERE name = $1",
    [name],
  );
  const [row] = rows;
  if (!row) throw new Error(`no prepared statement ${name} in this session`);
  return { generic: Number(row.generic), custom: Number(row.custom) };
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe("statements planned while a table is nearly empty", () => {
  it("a prepared statement keeps scanning the grown table whole; on a lookup connection it uses the index, planned once", async () => {
    const kept = prepared(`probe-join-${schema}`, JOIN);
    const looked = lookupStatement(`${JOIN} -- ${schema}`);
    await addRows(1, 150);
    for (let run = 0; run < 8; run++) {
      await scansOf(kept, range(1, 100));
      await scansOf(looked, range(1, 100), lookup);
    }

    await addRows(151, 40_000);

    const keptAfter = await scansOf(kept, range(30_000, 100));
    const lookedAfter = await scansOf(looked, range(30_000, 100), lookup);
    expect(keptAfter).toEqual({ seq: 1, index: 0, rows: 100 });
    expect(lookedAfter.seq).toBe(0);
    expect(lookedAfter.index).toBeGreaterThan(0);
    expect(lookedAfter.rows).toBe(100);
    // All nine runs used the one generic plan: none was planned for its parameters.
    expect(await plansOf(lookup, looked([]).name!)).toEqual({ generic: 9, custom: 0 });

    // Fresh statistics replace the kept plan: what a later autoanalyze does, minutes later.
    await client.query("ANALYZE probe");
    expect((await scansOf(kept, range(30_000, 100))).seq).toBe(0);
  });
});

describe("lookupPool", () => {
  const settings = async () =>
    (
      await lookupPool().query<{ pid: number; seqscan: string; hashjoin: string; mergejoin: string; mode: string; jit: string }>(
        `SELECT pg_backend_pid() AS pid, current_setting('enable_seqscan') AS seqscan, current_setting('enable_hashjoin') AS hashjoin,
                current_setting('enable_mergejoin') AS mergejoin, current_setting('plan_cache_mode') AS mode, current_setting('jit') AS jit`,
      )
    ).rows[0]!;

  it("opens connections planned as lookups, and so does the one replacing a connection the server dropped", async () => {
    const first = await settings();
    expect(first).toMatchObject({ seqscan: "off", hashjoin: "off", mergejoin: "off", mode: "force_generic_plan", jit: "off" });

    await client.query("SELECT pg_terminate_backend($1)", [first.pid]);
    // The pool drops the broken connection when the server's goodbye arrives; then the next query opens another.
    await expect.poll(() => lookupPool().totalCount).toBe(0);
    const second = await settings();
    expect(second.pid).not.toBe(first.pid);
    expect(second).toMatchObject({ seqscan: "off", hashjoin: "off", mergejoin: "off", mode: "force_generic_plan", jit: "off" });
  });
});
