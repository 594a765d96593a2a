// How one transaction's requests run on its destination's concurrency slots (destination-limits.ts):
// each slot works through the queue one request after another, and is given back the moment it
// finds nothing left to start, while the others may still wait for answers. And while more is
// queued than slots are working, slots that other transactions gave back meanwhile are taken too
// (not under a rate limit, which admits one request per transaction): a transaction that started
// with few slots free, because another's requests held the rest, does not stay that narrow.
//
// A request still unanswered STRAGGLER_AFTER_MS after the last one started is a straggler: the
// transaction tells its caller (destination-lanes.ts lets the destination's next transaction start).
// An endpoint that answers within that (bench:routing's sink: 5 ms p50, 30 ms p95 at 1,000
// events/s) never sets it off; a slower one only lets the next transaction start a little early, on
// the slots these requests give back. Recording and committing come after every answer: they never
// count.
import { acquireDestinationSlots, slotReleaser, type Queryable } from "@/lib/pipeline/dispatch/destination-limits";

/** How long after the last request started one still unanswered counts as a straggler (see the header). */
export const STRAGGLER_AFTER_MS = 250;

export interface SlotWork<T> {
  /** The transaction's connection: it holds the slots. */
  client: Queryable;
  destinationId: string;
  maxConcurrency: number;
  /** The slots the transaction has taken (at least one, or nothing is sent). */
  slots: readonly number[];
  /** Taken from the front; what is left when this returns was not started (out of time). */
  queue: T[];
  /** No request starts once performance.now() is past this. */
  startBefore: number;
  /** Take slots given back by others while the queue is longer than the slots working it. */
  grow: boolean;
  /** One request, start to answer; never throws for the endpoint's failures (they are its result). */
  send: (item: T) => Promise<void>;
  /** Called (once) when a request is still unanswered STRAGGLER_AFTER_MS after the last started. */
  straggling?: () => void;
  /** Tests shorten it. */
  stragglerAfterMs?: number;
}

/**
 * Runs the queue on the slots; returns once every request started is answered and every slot given
 * back, or throws what failed (a slot not given back then goes with the connection, which the
 * transaction's failure closes).
 */
export async function workOnSlots<T>({
  client,
  destinationId,
  maxConcurrency,
  slots,
  queue,
  startBefore,
  grow,
  send,
  straggling,
  stragglerAfterMs = STRAGGLER_AFTER_MS,
}: SlotWork<T>): Promise<void> {
  const limit = Math.max(1, Math.floor(maxConcurrency));
  const held = new Set(slots);
  const release = slotReleaser(client, destinationId);
  const workers: Array<Promise<void>> = [];
  // A worker that fails (the connection broke) leaves the others to finish their requests: the
  // transaction fails once none is in flight, and no rejection goes unheard meanwhile.
  const failures: unknown[] = [];
  const spawn = (slot: number) => workers.push(work(slot).catch((error: unknown) => void failures.push(error)));
  let growing = false;

  let inFlight = 0;
  let stragglerTimer: NodeJS.Timeout | undefined;
  // Nothing new starts once the transaction is bound to fail: it could not be recorded.
  const next = (): T | undefined => {
    const item = failures.length === 0 && performance.now() < startBefore ? queue.shift() : undefined;
    // The last request starts now (or none will): from here, one unanswered for long is a straggler.
    // Armed as the last is taken, not when a slot finds nothing left: a lone slot may never look again.
    if ((item === undefined || queue.length === 0) && straggling && stragglerTimer === undefined) {
      stragglerTimer = setTimeout(() => {
        if (inFlight > 0) straggling();
      }, stragglerAfterMs);
    }
    return item;
  };
  const takeFreedSlots = async () => {
    const room = Math.min(queue.length, limit - held.size);
    if (!grow || growing || room <= 0 || performance.now() >= startBefore) return;
    growing = true;
    try {
      for (const slot of await acquireDestinationSlots(client, destinationId, limit, room, [...held])) {
        held.add(slot);
        spawn(slot);
      }
    } finally {
      growing = false;
    }
  };
  const work = async (slot: number) => {
    for (let item = next(); item !== undefined; item = next()) {
      inFlight += 1;
      try {
        await send(item);
      } finally {
        inFlight -= 1;
      }
      await takeFreedSlots();
    }
    await release(slot);
    held.delete(slot);
  };

  for (const slot of slots) spawn(slot);
  // A worker adds others only while it runs, so a round that adds none has seen them all finish.
  for (let count = 0; count !== workers.length; ) {
    count = workers.length;
    await Promise.all(workers);
  }
  clearTimeout(stragglerTimer);
  if (failures.length > 0) throw failures[0];
}
