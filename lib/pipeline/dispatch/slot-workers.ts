// How one transaction's requests run on its destination's concurrency slots (destination-limits.ts):
// each slot works through the queue one request after another, and is given back the moment it
// finds nothing left to start, while the others may still wait for answers. And while more is
// queued than slots are working, slots that other transactions gave back meanwhile are taken too
// (not under a rate limit, which admits one request per transaction): a transaction that started
// with few slots free, because another's requests held the rest, does not stay that narrow.
//
// Once no request is left to start (the last one has started, or time ran out), the transaction
// tells its caller: destination-lanes.ts then lets the destination's next transaction open, lock and
// load while this one's last requests are answered and recorded, and take their slots as they are
// given back.
import { acquireDestinationSlots, slotReleaser, type Queryable } from "@/lib/pipeline/dispatch/destination-limits";

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
  /** Called once no request is left to start, whether or not the last ones are answered yet. */
  lastStarted?: () => void;
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
  lastStarted,
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

  let reportedLast = false;
  // Nothing new starts once the transaction is bound to fail: it could not be recorded.
  const next = (): T | undefined => {
    const item = failures.length === 0 && performance.now() < startBefore ? queue.shift() : undefined;
    // Told as the last is taken, not once a slot finds nothing left: that slot may first wait long for an answer.
    if ((item === undefined || queue.length === 0) && !reportedLast) {
      reportedLast = true;
      lastStarted?.();
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
      await send(item);
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
  if (failures.length > 0) throw failures[0];
}
