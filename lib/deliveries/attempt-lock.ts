// The advisory lock a worker holds on a delivery for as long as its attempt's transaction is open
// (attempt-delivery.ts takes it, in every worker and for every path: deliver jobs, the hand-off, a
// retry). Attempts are recorded only when that transaction commits, so while a request is out the
// delivery's row still says "not attempted"; the lock is what tells an operator it is being
// attempted now, at no cost to the worker (reading it writes nothing).
import { pool } from "@/lib/db";

/** SQL: the lock's bigint key for the delivery id `idSql` (a uuid expression). */
export function attemptLockKeySql(idSql: string): string {
  return `hashtextextended('switchyard.delivery:' || ${idSql}::text, 0)`;
}

/**
 * SQL: the keys of every delivery lock held now, by any backend of this database (every worker
 * process of a scale-out included), as one array: an uncorrelated sub-select, so PostgreSQL reads
 * pg_locks once per statement however many rows compare against it. pg_locks shows a bigint
 * advisory key as its high half (classid) and low half (objid), with objsubid 1.
 */
const HELD_ATTEMPT_LOCKS_SQL = `ARRAY(SELECT (l.classid::bigint << 32) | l.objid::bigint FROM pg_locks l
  WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))`;

/** SQL: whether a worker is attempting the delivery row `alias` now (a pending or retrying one: the others are settled). */
export function attemptInProgressSql(alias: string): string {
  return `(${alias}.status IN ('pending', 'retrying') AND ${attemptLockKeySql(`${alias}.id`)} = ANY (${HELD_ATTEMPT_LOCKS_SQL}))`;
}

/** Which of these deliveries a worker is attempting now. */
export async function deliveriesBeingAttempted(ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await pool().query<{ id: string }>(
    `SELECT d.id FROM deliveries d WHERE d.id = ANY($1::uuid[]) AND ${attemptInProgressSql("d")}`,
    [ids],
  );
  return new Set(rows.map((row) => row.id));
}
