// Per-destination concurrency and rate limits, enforced in PostgreSQL so they hold across every
// worker process, and released by PostgreSQL when a worker dies (its connection, and with it every
// lock, goes away). Both run inside the transaction that performs a destination's attempts
// (attempt-delivery.ts), which stays open for their HTTP requests. Only a transaction that finds
// every slot taken waits, briefly, for one (awaitDestinationSlot); past that, and for the rate
// limit, the caller re-enqueues the jobs a moment later instead.
//
// Concurrency: a destination with maxConcurrency N has N slots, advisory locks (slot key, 0..N-1).
// A transaction takes free ones with pg_try_advisory_lock and has at most one request in flight per
// slot it holds, so at most N requests are in flight, whichever workers run them. The locks are
// session-level so that each slot is given back the moment its last request is answered
// (releaseDestinationSlots), before the transaction ends: transaction-scoped, a transaction with one
// request hanging to its timeout (up to a minute) kept every slot it had taken, idle, and the
// destination's other deliveries, here and in every worker, waited or were deferred meanwhile. A
// session lock outlives a rollback, so the transaction runs with withTransaction's `sessionLocks`:
// if it fails holding any, its connection is closed and the server drops them; so does a worker
// that dies.
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
// (two statements in one simple query). The admitted lock is the transaction's, so it outlives the
// slot, which is given back when the request is answered: an admission on that slot by another
// transaction meanwhile (it counted ours as in flight) waits for our commit, a moment.
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

// Slots this session already holds are left out: a session lock taken twice needs two releases.
// CASE fixes the order: as two ANDed conditions, a generic plan evaluated the (cheaper) lock first,
// took a held slot a second time and left it held after its release.
const TAKE_SLOTS = prepared(
  "take-destination-slots",
  `SELECT slot FROM generate_series(0, $1::int - 1) AS slot
   WHERE CASE WHEN slot = ANY($4::int[]) THEN false ELSE pg_try_advisory_lock(hashtext($2) & 2147483647, slot) END
   LIMIT $3::int`,
);
const RELEASE_SLOTS = prepared(
  "release-destination-slots",
  "SELECT pg_advisory_unlock(hashtext($1) & 2147483647, slot) FROM unnest($2::int[]) AS slot",
);

/**
 * Takes up to `wanted` free concurrency slots (as many as are free, at most that many, none of
 * `held`): the caller may have that many requests in flight at once. Empty when all N are taken.
 * They are session locks: the caller releases them (releaseDestinationSlots), see the header.
 */
export async function acquireDestinationSlots(client: Queryable, destinationId: string, maxConcurrency: number, wanted: number, held: readonly number[] = []): Promise<number[]> {
  const slots = Math.max(1, Math.floor(maxConcurrency));
  // Limit over a filtered function scan evaluates the filter row by row and stops once it has
  // `wanted` locks, so no more are held (one taken and not returned would stay held until the
  // connection closed).
  const { rows } = await client.query<{ slot: number }>(TAKE_SLOTS([slots, slotKey(destinationId), Math.max(1, Math.floor(wanted)), held]));
  return rows.map((row) => row.slot);
}

/** Gives slots back: others may start requests on them at once, whether or not our transaction has ended. */
export async function releaseDestinationSlots(client: Queryable, destinationId: string, slots: readonly number[]): Promise<void> {
  if (slots.length > 0) await client.query(RELEASE_SLOTS([slotKey(destinationId), slots]));
}

/**
 * Releases a transaction's slots one by one as its requests finish, those that finish while a
 * release is on its way going together in the next statement (the connection runs one at a time).
 */
export function slotReleaser(client: Queryable, destinationId: string): (slot: number) => Promise<void> {
  const waiting: number[] = [];
  let next: Promise<void> | null = null;
  let previous: Promise<void> = Promise.resolve();
  return (slot) => {
    waiting.push(slot);
    if (!next) {
      next = previous.then(() => {
        next = null;
        return releaseDestinationSlots(client, destinationId, waiting.splice(0));
      });
      previous = next.catch(() => undefined);
    }
    return next;
  };
}

/**
 * Waits up to `waitMs` for a slot of a destination whose slots are all taken, by other
 * transactions: each comes free when its request is answered, and blocking on one wakes us then,
 * where deferring the jobs would idle them for a second or more. Then takes as many more free
 * slots as wanted. Empty when none came free in time.
 */
export async function awaitDestinationSlot(client: Queryable, destinationId: string, maxConcurrency: number, wanted: number, waitMs: number): Promise<number[]> {
  const slots = Math.max(1, Math.floor(maxConcurrency));
  const slot = Math.floor(Math.random() * slots);
  if (!UUID.test(destinationId) || !Number.isInteger(waitMs) || waitMs < 1) throw new TypeError("awaitDestinationSlot: destination id must be a uuid; waitMs a positive integer");
  const key = `'${slotKey(destinationId)}'`;
  // The lock wait ends at lock_timeout; the inner block's subtransaction turns that error into a
  // verdict and keeps the outer transaction alive. On success the session holds the lock.
  const results: unknown = await client.query(`
    DO $slot$
    DECLARE
      previous text := current_setting('lock_timeout');
    BEGIN
      PERFORM set_config('lock_timeout', '${waitMs}ms', true);
      BEGIN
        PERFORM pg_advisory_lock(hashtext(${key}) & 2147483647, ${slot});
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
  const more = await acquireDestinationSlots(client, destinationId, maxConcurrency, wanted - 1, [slot]);
  return [slot, ...more];
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
