// Destination lanes: one destination's attempts in this process run one transaction after another,
// overlapping only where one ends and the next begins (below): two side by side would take its
// concurrency slots from each other and defer half its deliveries. Whatever arrives for it while
// one runs goes together in the next, whichever caller it came from (batches of `deliver` jobs,
// the hand-off). A busy destination's transactions so grow with the load. Queued one behind the
// other instead, each small batch paid a whole transaction of its own and the destination's
// throughput followed the batch size: at 1,000 events/s, 573 delivered/s.
//
// The next one starts as soon as the running one has started its last request (slot-workers.ts):
// it locks and loads while the running one's last requests are answered and recorded, and takes
// their slots as they are given back (slots go back as their requests are answered,
// destination-limits.ts). Strictly one after another, a destination's deliveries waited for the
// whole of the transaction ahead, its recording and commit included: at 200 events/s a routed
// batch's transaction was a few deliveries long and took ~19 ms (open 5, requests 6, record and
// commit 8), so the lane was busy nearly all the time and each batch waited behind the one before.
// With the overlap, bench:routing at 200/s, 6 alternated pairs (medians of the runs): routed →
// attempt started p50 12 ms against 18 in the first phase, p95 30 against 55 (warm: 10.5 against
// 11.5, p95 21.5 against 27); receive→sink moved within the noise. At 1,000/s, 7 pairs: as far
// behind as without, with as many deferred deliveries (stop 48).
// It also means a request that hangs (up to the destination's timeout, a minute) holds up no one
// behind it, since every slot but its own is free again. At most MAX_OPEN_TRANSACTIONS at once,
// though: each holds a database connection, and a destination whose every request hangs must not
// take the worker's pool from the others.
//
// What does hold a busy destination back at 1,000 events/s on the 2-core machine is its slots: each
// takes one request at a time, so it delivers at most maxConcurrency ÷ a request's turn, and a
// turn includes waiting for this worker's event loop. bench:routing with the sink's destination at
// 20 instead of the default 10, 6 alternated pairs (stop 49): 0.07-0.50 s behind at the phase's end
// in all 5 runs on a quiet host (1.5 s in a slow stretch), against 0.6-2.3 s quiet and 3-12 s slow
// at 10; requests took twice as long (p50 11 ms against 5) and CPU per event did not grow. So a
// shorter turn (the loop answering a response sooner) raises that ceiling; less CPU alone may not.
//
// Only requests with the same options go together (the worker's never differ; tests inject some).
// A transaction that fails fails every request in it, as it failed for each before.

/** Deliveries in one transaction at most (a request is never split, so one larger goes alone). */
export const MAX_LANE_BATCH = 200;
/** A destination's transactions open at once in this process: one finishing (its last requests, its record), the next going on. */
export const MAX_OPEN_TRANSACTIONS = 2;

interface Request<O, R> {
  ids: readonly string[];
  options: O;
  resolve: (results: Map<string, R>) => void;
  reject: (error: unknown) => void;
}

interface Lane<O, R> {
  waiting: Array<Request<O, R>>;
  /** Transactions running: the one that holds up the next, and any still finishing after their last request started. */
  running: number;
  /** A running transaction holds up the next. */
  blocked: boolean;
  /** A start is due on the next turn of the event loop. */
  scheduled: boolean;
}

/** Runs a transaction of these deliveries; calls `lastStarted` once it has no request left to start. */
export type LaneAttempt<O, R> = (ids: string[], options: O, lastStarted: () => void) => Promise<Map<string, R>>;

export class DestinationLanes<O extends object, R> {
  /** Per destination, while it has requests waiting or transactions running. */
  readonly #lanes = new Map<string, Lane<O, R>>();

  constructor(
    private readonly attempt: LaneAttempt<O, R>,
    private readonly maxBatch = MAX_LANE_BATCH,
  ) {}

  /** Attempts these deliveries of one destination, with any others waiting for it: each id's result. */
  run(destinationId: string, ids: readonly string[], options: O): Promise<Map<string, R>> {
    return new Promise((resolve, reject) => {
      let lane = this.#lanes.get(destinationId);
      if (!lane) {
        lane = { waiting: [], running: 0, blocked: false, scheduled: false };
        this.#lanes.set(destinationId, lane);
      }
      lane.waiting.push({ ids, options, resolve, reject });
      this.#schedule(destinationId, lane);
    });
  }

  #schedule(destinationId: string, lane: Lane<O, R>): void {
    if (lane.scheduled || lane.blocked) return;
    lane.scheduled = true;
    // Requests made in the same turn of the event loop (a caller's batches) start together.
    setImmediate(() => {
      lane.scheduled = false;
      this.#start(destinationId, lane);
    });
  }

  #start(destinationId: string, lane: Lane<O, R>): void {
    if (lane.blocked || lane.scheduled || lane.running >= MAX_OPEN_TRANSACTIONS) return;
    if (lane.waiting.length === 0) {
      this.#forgetIfIdle(destinationId, lane);
      return;
    }
    // In arrival order: the first waiting request and those after it that fit.
    const taken = [lane.waiting.shift()!];
    let count = taken[0]!.ids.length;
    while (lane.waiting.length > 0 && count + lane.waiting[0]!.ids.length <= this.maxBatch && sameOptions(taken[0]!.options, lane.waiting[0]!.options)) {
      count += lane.waiting[0]!.ids.length;
      taken.push(lane.waiting.shift()!);
    }
    // An id in two requests is attempted once (twice in one transaction, its lock would not stop it).
    const ids = [...new Set(taken.flatMap((request) => request.ids))];
    lane.blocked = true;
    lane.running += 1;
    // The next transaction starts when this one has started its last request, or ends, whichever comes first.
    let unblocked = false;
    const unblock = () => {
      if (unblocked) return;
      unblocked = true;
      lane.blocked = false;
      this.#start(destinationId, lane);
    };
    this.attempt(ids, taken[0]!.options, unblock)
      .then(
        (results) => {
          for (const request of taken) request.resolve(new Map(request.ids.flatMap((id) => (results.has(id) ? [[id, results.get(id)!]] : []))));
        },
        (error: unknown) => {
          for (const request of taken) request.reject(error);
        },
      )
      .finally(() => {
        lane.running -= 1;
        unblock();
        // A transaction let past ending makes room under the cap (its unblock did nothing: done before).
        this.#start(destinationId, lane);
      });
  }

  /** A lane with nothing waiting, running or about to start is dropped (a new request makes a new one). */
  #forgetIfIdle(destinationId: string, lane: Lane<O, R>): void {
    if (lane.waiting.length === 0 && lane.running === 0 && !lane.blocked && !lane.scheduled && this.#lanes.get(destinationId) === lane) this.#lanes.delete(destinationId);
  }
}

function sameOptions(a: object, b: object): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => (a as Record<string, unknown>)[key] === (b as Record<string, unknown>)[key]);
}
