// Per-destination concurrency and rate limits, enforced in PostgreSQL so they hold across every
// worker process, and released by PostgreSQL when a worker dies (its connection, and with it every
// lock, goes away). Both run inside the transaction that performs a destination's attempts
// (attempt-delivery.ts), which stays open for their HTTP requests. Only a transaction that finds
// every slot taken waits, briefly, for one (awaitDestinationSlot); past that, and for the rate
// limit, the caller re-enqueues the jobs a moment later instead.
//
// Concurrency: a destination with maxConcurrency N has N slots, transaction-scoped advisory locks
// (slot key, 0..N-1). A transaction takes free ones with pg_try_advisory_xact_lock, holds them until
// it ends and has at most one request in flight per slot held, so at most N requests are in flight,
// whichever workers run them.
//
// Rate limit, R per second, a sliding window over request starts, without a table of its own. The
// requests that started in the last second are either still in flight or finished since:
//   - in flight: each admitted attempt holds an "admitted" advisory lock (rate key, its slot), so
//     counting those in pg_locks counts every admitted request in flight, on any worker;
//   - finished: the delivery row's updated_at is set, from the database clock, to when the attempt
//     finished, in the commit that also releases the lock. Deliveries of the destination updated
//     in the last second (pending ones aside: an attempt never leaves a delivery pending, and new
//     deliveries must not count) are the requests finished in the last second.
// "Finished in the last second" over-counts "started in the last second" a little, never under.
// Two attempts of one delivery are at least a second apart (MIN_RETRY_DELAY_SECONDS), so one row per
// delivery is enough. The lock is read before the rows, in a later snapshot, so an attempt that
// commits in between is seen by one read or the other (PostgreSQL releases a transaction's locks
// only after its commit is visible).
// Check-and-admit must be atomic, or two attempts checking at once could both get in (or, if each
// counted the other before admission, both back off, again and again). So checks of one destination
// are serialised by a mutex held only for the check: a session-level advisory lock, taken and
// released inside ONE `DO` block whose exception handler also releases it, so it can never outlive
// the statement on a pooled connection. The check and the read of its verdict go in one round trip
// (two statements in one simple query).
//
// Keys: the two-int keys' first half is hashtext(<purpose>:<destination id>) made non-negative; the
// second half is the slot. A hash collision between destinations only makes them share slots or
// count each other's requests (less throughput, never more). The mutex and pg-boss use one-bigint
// advisory keys, a separate lock space.
import type pg from "pg";
import { prepared } from "@/lib/db";

/** A connection inside the attempt's transaction (withTransaction's client). */
export type Queryable = Pick<pg.ClientBase, "query">;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function slotKey(destinationId: string): string {
  return `switchyard.destination-slot:${destinationId}`;
}

function rateKey(destinationId: string): string {
  return `switchyard.destination-rate:${destinationId}`;
}

const TAKE_SLOTS = prepared(
  "take-destination-slots",
  `SELECT slot FROM generate_series(0, $1::int - 1) AS slot
   WHERE pg_try_advisory_xact_lock(hashtext($2) & 2147483647, slot)
   LIMIT $3::int`,
);

/**
 * Takes up to `wanted` free concurrency slots for this transaction (as many as are free, at most
 * that many): the caller may have that many requests in flight at once. Empty when all N are taken.
 */
export async function acquireDestinationSlots(client: Queryable, destinationId: string, maxConcurrency: number, wanted: number): Promise<number[]> {
  const slots = Math.max(1, Math.floor(maxConcurrency));
  // Limit over a filtered function scan evaluates the filter row by row and stops once it has
  // `wanted` locks, so no more are held. (If it ever took more, that would only lower the limit.)
  const { rows } = await client.query<{ slot: number }>(TAKE_SLOTS([slots, slotKey(destinationId), Math.max(1, Math.floor(wanted))]));
  return rows.map((row) => row.slot);
}

/**
 * Waits up to `waitMs` for a slot of a destination whose slots are all taken, by another worker's
 * transaction (ours are serialised per process): slots come free together when it commits, and
 * blocking on one wakes us then, where deferring the jobs would idle them for a second or more.
 * Then takes as many more free slots as wanted. Empty when none came free in time.
 */
export async function awaitDestinationSlot(client: Queryable, destinationId: string, maxConcurrency: number, wanted: number, waitMs: number): Promise<number[]> {
  const slots = Math.max(1, Math.floor(maxConcurrency));
  const slot = Math.floor(Math.random() * slots);
  if (!UUID.test(destinationId) || !Number.isInteger(waitMs) || waitMs < 1) throw new TypeError("awaitDestinationSlot: destination id must be a uuid; waitMs a positive integer");
  const key = `'${slotKey(destinationId)}'`;
  // The lock wait ends at lock_timeout; the inner block's subtransaction turns that error into a
  // verdict and keeps the outer transaction alive. On success the lock stays with the transaction.
  const results: unknown = await client.query(`
    DO $slot$
    DECLARE
      previous text := current_setting('lock_timeout');
    BEGIN
      PERFORM set_config('lock_timeout', '${waitMs}ms', true);
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext(${key}) & 2147483647, ${slot});
        PERFORM set_config('switchyard.slot_won', 'yes', true);
      EXCEPTION WHEN lock_not_available THEN
        PERFORM set_config('switchyard.slot_won', 'no', true);
      END;
      PERFORM set_config('lock_timeout', previous, true);
    END
    $slot$;
    SELECT current_setting('switchyard.slot_won', true) AS won`);
  const verdict = (Array.isArray(results) ? results.at(-1) : results) as pg.QueryResult<{ won: string | null }> | undefined;
  if (verdict?.rows[0]?.won !== "yes") return [];
  if (wanted <= 1) return [slot];
  // A lock already held is granted again: leave our slot out of the rest.
  const more = await acquireDestinationSlots(client, destinationId, maxConcurrency, wanted);
  return [slot, ...more.filter((other) => other !== slot)].slice(0, wanted);
}

/**
 * Admits one more request under a limit of `perSecond`, or not. Call it holding `slot` from
 * acquireDestinationSlots; when admitted, the transaction holds the admission until it ends.
 */
export async function admitUnderRateLimit(client: Queryable, destinationId: string, perSecond: number, slot: number): Promise<boolean> {
  // DO blocks take no parameters: everything interpolated is checked to be a uuid or an integer.
  if (!UUID.test(destinationId) || !Number.isInteger(perSecond) || !Number.isInteger(slot)) {
    throw new TypeError("admitUnderRateLimit: destination id must be a uuid; limit and slot integers");
  }
  const key = `'${rateKey(destinationId)}'`;
  // No parameters, so the simple query protocol runs both statements and answers with both results.
  const results: unknown = await client.query(`
    DO $rate$
    DECLARE
      in_flight int;
      recent int;
    BEGIN
      PERFORM pg_advisory_lock(hashtextextended(${key}, 0));
      BEGIN
        SELECT count(*) INTO in_flight FROM pg_locks
          WHERE locktype = 'advisory' AND granted AND objsubid = 2
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND classid = (hashtext(${key}) & 2147483647)::oid;
        SELECT count(*) INTO recent FROM deliveries
          WHERE status IN ('retrying', 'succeeded', 'failed', 'cancelled')
            AND updated_at > statement_timestamp() - interval '1 second'
            AND destination_id = '${destinationId}'::uuid;
        IF in_flight + recent < ${perSecond} THEN
          PERFORM pg_advisory_xact_lock(hashtext(${key}) & 2147483647, ${slot});
          PERFORM set_config('switchyard.rate_admitted', 'yes', true);
        ELSE
          PERFORM set_config('switchyard.rate_admitted', 'no', true);
        END IF;
      EXCEPTION WHEN query_canceled OR others THEN
        PERFORM pg_advisory_unlock(hashtextextended(${key}, 0));
        RAISE;
      END;
      PERFORM pg_advisory_unlock(hashtextextended(${key}, 0));
    END
    $rate$;
    SELECT current_setting('switchyard.rate_admitted', true) AS admitted`);
  const verdict = (Array.isArray(results) ? results.at(-1) : results) as pg.QueryResult<{ admitted: string | null }> | undefined;
  return verdict?.rows[0]?.admitted === "yes";
}
