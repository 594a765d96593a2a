// BENCH_STATEMENTS=1: where PostgreSQL's time goes per phase, from pg_stat_statements. The embedded
// server is started with the extension preloaded (statementViewSettings); each phase resets the
// counters and then prints its statements by total time, and how many each event cost. Every
// statement a client sends is a round trip, and on this kind of machine one between processes that
// idle in between costs ~0.4 ms of CPU: at 200 events/s that is a large share of the CPU per event,
// more than the statements' execution. Only top-level statements are counted (triggers run inside
// them, their time in their caller's). The extension's own cost is small, but not nothing: compare
// figures taken with it only against other runs with it.
import type pg from "pg";
import { message } from "./harness";

export const statementViewWanted = process.env.BENCH_STATEMENTS === "1";

/** Server settings that load pg_stat_statements (for an embedded server: another needs it in its own configuration). */
export const statementViewSettings = {
  shared_preload_libraries: "pg_stat_statements",
  "pg_stat_statements.track": "top",
  "pg_stat_statements.track_planning": "on",
  "pg_stat_statements.max": "1000",
} as const;

// Left out of the counts: this bench's own diagnostics, and foreign-key checks (they run inside the
// insert that fired them, no round trip, though some are counted as top-level).
const LEFT_OUT = ["%pg_stat_statements%", "%pg_current_wal_lsn%", "%pg_wal_lsn_diff%", "SELECT 1 FROM ONLY % FOR KEY SHARE OF x"];

interface StatementRow {
  calls: string;
  plan_ms: number;
  total_ms: number;
  mean_ms: number;
  blocks: number;
  query: string;
}

export interface StatementView {
  /** Forgets everything counted so far: call right before a phase. */
  reset(): Promise<void>;
  /** The phase's statements by total time (the top `limit`), with the statements each event cost. */
  report(label: string, events: number, limit?: number): Promise<string>;
}

/** The statement view on `client`'s database, or why it is not available (the library is not preloaded there). */
export async function openStatementView(client: pg.Client): Promise<StatementView | { unavailable: string }> {
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    await client.query("SELECT pg_stat_statements_reset()");
  } catch (error) {
    return { unavailable: `pg_stat_statements is not usable on this server (${message(error)}); start it with shared_preload_libraries = 'pg_stat_statements'` };
  }
  const counted = LEFT_OUT.map((pattern) => `query NOT LIKE '${pattern}'`).join(" AND ");
  return {
    async reset() {
      await client.query("SELECT pg_stat_statements_reset()");
    },
    async report(label, events, limit = 12) {
      // A multi-row insert's text differs with its row count (the receiver's batches): one line for all of them.
      const { rows } = await client.query<StatementRow>(
        `SELECT sum(calls)::text AS calls, sum(total_plan_time) / greatest(sum(calls), 1) AS plan_ms, sum(total_exec_time) AS total_ms, sum(total_exec_time) / greatest(sum(calls), 1) AS mean_ms,
                sum(shared_blks_hit + shared_blks_read)::float8 / greatest(sum(calls), 1) AS blocks, statement AS query
         FROM (SELECT *, left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS statement FROM pg_stat_statements WHERE ${counted}) s
         GROUP BY statement ORDER BY sum(total_exec_time) DESC`,
      );
      const perEvent = (calls: number) => calls / Math.max(1, events);
      const calls = rows.reduce((sum, row) => sum + Number(row.calls), 0);
      const total = rows.reduce((sum, row) => sum + row.total_ms, 0);
      const planning = rows.reduce((sum, row) => sum + row.plan_ms * Number(row.calls), 0);
      const lines = rows.slice(0, limit).map((row) =>
        [
          row.calls.padStart(8),
          perEvent(Number(row.calls)).toFixed(2).padStart(9),
          row.total_ms.toFixed(0).padStart(9),
          row.mean_ms.toFixed(2).padStart(9),
          row.plan_ms.toFixed(2).padStart(9),
          row.blocks.toFixed(0).padStart(8),
          `  ${row.query}`,
        ].join(""),
      );
      return [
        `${label}: ${calls} statements (${perEvent(calls).toFixed(2)} per event), ${total.toFixed(0)} ms of execution in PostgreSQL (${(total / Math.max(1, events)).toFixed(2)} ms per event) and ${planning.toFixed(0)} ms of planning (${(planning / Math.max(1, events)).toFixed(2)} ms per event)`,
        `   calls per event  total ms  ms/call  plan ms  buffers  statement (top ${limit} by total time; plan ms: planning a call, not in the others)`,
        ...lines,
      ].join("\n");
    },
  };
}

interface JitRow {
  calls: string;
  functions: string;
  jit_ms: number;
  query: string;
}

/**
 * What PostgreSQL spent JIT-compiling since the last reset (pg_stat_statements' jit_* columns,
 * PostgreSQL 15 and later), with the statements that paid most; the counters are then reset. A
 * server built without LLVM (the embedded one) never compiles. Switchyard's statements are short
 * and should never be (lib/db.ts, LOOKUP_PLANNING): anything here is a finding.
 */
export async function jitReport(client: pg.Client, label: string): Promise<string> {
  try {
    const { rows } = await client.query<JitRow>(
      `SELECT sum(calls)::text AS calls, sum(jit_functions)::text AS functions,
              sum(jit_generation_time + jit_inlining_time + jit_optimization_time + jit_emission_time) AS jit_ms,
              left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS query
       FROM pg_stat_statements WHERE jit_functions > 0 GROUP BY query ORDER BY jit_ms DESC`,
    );
    await client.query("SELECT pg_stat_statements_reset()");
    if (rows.length === 0) return `${label}: no statement was JIT-compiled`;
    const total = rows.reduce((sum, row) => sum + row.jit_ms, 0);
    const lines = rows.slice(0, 5).map((row) => `   ${row.calls.padStart(7)} calls ${row.functions.padStart(7)} functions ${row.jit_ms.toFixed(0).padStart(8)} ms  ${row.query}`);
    return [`${label}: ${rows.length} statements were JIT-compiled, ${total.toFixed(0)} ms of compiling in all (top 5 by compile time):`, ...lines].join("\n");
  } catch (error) {
    return `${label}: JIT not reported (${message(error)}; needs pg_stat_statements of PostgreSQL 15 or later)`;
  }
}
