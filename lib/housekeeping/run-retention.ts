// Deletes what has outlived its retention: events older than RETENTION_DAYS (with their routing
// runs, deliveries and attempts), delivery attempts older than that (even of newer events), refused
// requests, finished bulk operations, circuit breaker history (but never the entries of a circuit
// still open: its page says why it opened), and audit log entries older than AUDIT_RETENTION_DAYS.
//
// Never one big DELETE: an old event can carry thousands of attempts, and one statement deleting
// them all (or the cascade from deleting the event) would hold its locks and bloat WAL for as long
// as it runs. Every statement deletes at most `batchSize` rows (DELETE … WHERE id IN (SELECT id …
// LIMIT n)) and commits on its own, with a short pause between batches so ingest and delivery keep
// their share of the database. Children go first (attempts, deliveries, routing runs, then the
// events), so the cascades find nothing left to do. An event with a delivery still pending or
// retrying is kept, whatever its age, and every statement re-checks that, so a replay that starts
// meanwhile keeps its event.
import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import { pool } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";

const log = logger("retention");
const DAY_MS = 24 * 3600 * 1000;
const LOCK_KEY = "switchyard.retention";
const RULE_MATCH_COUNT_DAYS = 8;
/** Inside the retention job's expiry (lib/queue.ts), so pg-boss never hands the job out twice. */
const DEFAULT_MAX_DURATION_MS = 45 * 60_000;

export const RETENTION_TABLES = [
  "delivery_attempts",
  "deliveries",
  "routing_runs",
  "events",
  "rejected_requests",
  "bulk_operations",
  "destination_circuit_events",
  "audit_log",
  "rule_match_counts",
] as const;
export type RetentionTable = (typeof RETENTION_TABLES)[number];

export interface RetentionOptions {
  now?: Date;
  /** Defaults: RETENTION_DAYS and AUDIT_RETENTION_DAYS. */
  retentionDays?: number;
  auditRetentionDays?: number;
  /** Rows per statement. */
  batchSize?: number;
  /** Pause between batches. */
  pauseMs?: number;
  /** Stop after about this long; the next run carries on where this one stopped. */
  maxDurationMs?: number;
}

export interface RetentionResult {
  /** False when another run held the lock, so this one did nothing. */
  ran: boolean;
  /** False when the time budget ran out before everything old was gone. */
  complete: boolean;
  cutoff: Date;
  auditCutoff: Date;
  deleted: Record<RetentionTable, number>;
  batches: Record<RetentionTable, number>;
}

// An event may go when it is old and no delivery of it is still waiting to be sent.
const DELETABLE_EVENT = (alias: string) =>
  `NOT EXISTS (SELECT 1 FROM deliveries w WHERE w.event_id = ${alias} AND w.status IN ('pending', 'retrying'))`;

const SQL = {
  oldAttempts: `DELETE FROM delivery_attempts WHERE id IN (SELECT id FROM delivery_attempts WHERE started_at < $1 LIMIT $2)`,
  // The next chunk of old events that may go, oldest first.
  eventChunk: `SELECT e.id FROM events e WHERE e.received_at < $1 AND ${DELETABLE_EVENT("e.id")} ORDER BY e.received_at LIMIT $2`,
  chunkAttempts: `DELETE FROM delivery_attempts WHERE id IN (
      SELECT a.id FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
      WHERE d.event_id = ANY($1::uuid[]) AND ${DELETABLE_EVENT("d.event_id")} LIMIT $2)`,
  chunkDeliveries: `DELETE FROM deliveries WHERE id IN (
      SELECT d.id FROM deliveries d WHERE d.event_id = ANY($1::uuid[]) AND ${DELETABLE_EVENT("d.event_id")} LIMIT $2)`,
  chunkRuns: `DELETE FROM routing_runs WHERE id IN (
      SELECT r.id FROM routing_runs r WHERE r.event_id = ANY($1::uuid[]) AND ${DELETABLE_EVENT("r.event_id")} LIMIT $2)`,
  chunkEvents: `DELETE FROM events e WHERE e.id = ANY($1::uuid[]) AND e.received_at < $2 AND ${DELETABLE_EVENT("e.id")}`,
  rejectedRequests: `DELETE FROM rejected_requests WHERE id IN (SELECT id FROM rejected_requests WHERE received_at < $1 LIMIT $2)`,
  bulkOperations: `DELETE FROM bulk_operations WHERE id IN (
      SELECT id FROM bulk_operations WHERE status <> 'running' AND coalesce(finished_at, created_at) < $1 LIMIT $2)`,
  circuitEvents: `DELETE FROM destination_circuit_events WHERE id IN (
      SELECT e.id FROM destination_circuit_events e WHERE e.at < $1
        AND NOT EXISTS (SELECT 1 FROM destinations t WHERE t.id = e.destination_id AND t.circuit_state = 'open' AND e.at >= t.circuit_opened_at)
      LIMIT $2)`,
  auditLog: `DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < $1 LIMIT $2)`,
  // The rules list shows a week of match counts; a day more is kept so "last week" never starts short.
  ruleMatchCounts: `DELETE FROM rule_match_counts WHERE (rule_id, bucket) IN (
      SELECT rule_id, bucket FROM rule_match_counts WHERE bucket < $1 LIMIT $2)`,
};

class OutOfTime extends Error {}

export async function runRetention(options: RetentionOptions = {}): Promise<RetentionResult> {
  const config = env();
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 1000;
  const pauseMs = options.pauseMs ?? 100;
  const maxDurationMs = options.maxDurationMs ?? DEFAULT_MAX_DURATION_MS;
  const deadline = Date.now() + maxDurationMs;
  const cutoff = new Date(now.getTime() - (options.retentionDays ?? config.RETENTION_DAYS) * DAY_MS);
  const auditCutoff = new Date(now.getTime() - (options.auditRetentionDays ?? config.AUDIT_RETENTION_DAYS) * DAY_MS);
  const deleted = Object.fromEntries(RETENTION_TABLES.map((table) => [table, 0])) as Record<RetentionTable, number>;
  const batches = { ...deleted };
  const result: RetentionResult = { ran: false, complete: false, cutoff, auditCutoff, deleted, batches };

  // One run at a time across every worker: a run that outlasts the hour must not race the next.
  const lock = await pool().connect();
  try {
    const { rows } = await lock.query<{ locked: boolean }>(
      `SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`,
      [LOCK_KEY],
    );
    if (!rows[0]?.locked) {
      log.info("another retention run is in progress; skipping this one");
      return result;
    }
    result.ran = true;
    const started = Date.now();
    try {
      const db = pool();
      /** One statement, counted; then the pause, unless time is up. */
      const batch = async (table: RetentionTable, sql: string, values: unknown[]): Promise<number> => {
        if (Date.now() > deadline) throw new OutOfTime();
        const { rowCount } = await db.query(sql, values);
        deleted[table] += rowCount ?? 0;
        batches[table] += 1;
        if (pauseMs > 0) await sleep(pauseMs);
        return rowCount ?? 0;
      };
      /** Batches until one deletes less than a full batch. */
      const drain = async (table: RetentionTable, sql: string, values: unknown[]) => {
        while ((await batch(table, sql, [...values, batchSize])) >= batchSize);
      };

      await drain("delivery_attempts", SQL.oldAttempts, [cutoff]);
      await deleteOldEvents(db, { cutoff, batchSize, batch, drain });
      await drain("rejected_requests", SQL.rejectedRequests, [cutoff]);
      await drain("bulk_operations", SQL.bulkOperations, [cutoff]);
      await drain("destination_circuit_events", SQL.circuitEvents, [cutoff]);
      await drain("audit_log", SQL.auditLog, [auditCutoff]);
      await drain("rule_match_counts", SQL.ruleMatchCounts, [new Date(now.getTime() - RULE_MATCH_COUNT_DAYS * DAY_MS)]);
      result.complete = true;
    } catch (error) {
      if (!(error instanceof OutOfTime)) throw error;
      log.warn("retention stopped at its time budget; the next run continues", { maxDurationMs });
    } finally {
      for (const table of RETENTION_TABLES) {
        if (deleted[table] > 0) log.info("deleted old rows", { table, rows: deleted[table], batches: batches[table] });
      }
      log.info("retention run ended", {
        complete: result.complete,
        cutoff,
        auditCutoff,
        deleted,
        durationMs: Date.now() - started,
      });
    }
    return result;
  } finally {
    // A connection that could not give the lock back is closed rather than returned to the pool.
    const unlocked =
      !result.ran ||
      (await lock.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [LOCK_KEY]).then(
        () => true,
        () => false,
      ));
    lock.release(!unlocked);
  }
}

interface EventSteps {
  cutoff: Date;
  batchSize: number;
  batch: (table: RetentionTable, sql: string, values: unknown[]) => Promise<number>;
  drain: (table: RetentionTable, sql: string, values: unknown[]) => Promise<void>;
}

/** Old events a chunk at a time: their attempts, deliveries and routing runs in batches, then them. */
async function deleteOldEvents(db: pg.Pool, { cutoff, batchSize, batch, drain }: EventSteps): Promise<void> {
  for (;;) {
    const { rows } = await db.query<{ id: string }>(SQL.eventChunk, [cutoff, batchSize]);
    if (rows.length === 0) return;
    const ids = rows.map((row) => row.id);
    await drain("delivery_attempts", SQL.chunkAttempts, [ids]);
    await drain("deliveries", SQL.chunkDeliveries, [ids]);
    await drain("routing_runs", SQL.chunkRuns, [ids]);
    // At most batchSize rows: the chunk is that size.
    await batch("events", SQL.chunkEvents, [ids, cutoff]);
  }
}
