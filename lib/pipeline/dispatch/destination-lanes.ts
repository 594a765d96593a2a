// Destination lanes: one destination's attempts in this process run one transaction after another
// (two at once would take its concurrency slots from each other and defer half its deliveries),
// and whatever arrives for it while one runs goes together in the next, whichever caller it came
// from (batches of `deliver` jobs, the hand-off). A busy destination's transactions so grow with the
// load. Queued one behind the other instead, each small batch paid a whole transaction of its own
// and the destination's throughput followed the batch size: at 1,000 events/s, 573 delivered/s.
//
// Except behind a straggler: a transaction whose only work left is a request still unanswered long
// after its others (slot-workers.ts) lets the next one start. A request may take up to the
// destination's timeout (a minute), and the deliveries behind it would wait that long although
// every slot but the straggler's is free again (slots are given back as their requests are
// answered, destination-limits.ts). At most MAX_OPEN_TRANSACTIONS at once, though: each holds a
// database connection while it waits, and a destination whose every request hangs must not take
// the worker's pool from the others.
//
// Not also once a transaction has given back every slot (letting the next open, lock and load while
// it records and commits). Measured at stop 46 in bench:routing, 2 alternated pairs (200, 1,000 and
// 1,000 events/s): at 200/s no change beyond the noise; at 1,000/s the worker made 4-5x the
// deliver jobs (2,548-2,789 against 516-588: deferred deliveries, each on a job of its own), and
// an undisturbed run fell 2.8 and 1.7 s behind against 0.2-1.0 s. Why it deferred is not known;
// at stop 47 the code without it made as many deliver jobs, and fell as far behind, in every
// 1,000/s phase that met a slow stretch of the host, so those runs may have met one.
//
// Only requests with the same options go together (the worker's never differ; tests inject some).
// A transaction that fails fails every request in it, as it failed for each before.

/** Deliveries in one transaction at most (a request is never split, so one larger goes alone). */
export const MAX_LANE_BATCH = 200;
/** A destination's transactions open at once in this process: one left to its straggler, one going on. */
export const MAX_OPEN_TRANSACTIONS = 2;

interface Request<O, R> {
  ids: readonly string[];
  options: O;
  resolve: (results: Map<string, R>) => void;
  reject: (error: unknown) => void;
}

interface Lane<O, R> {
  waiting: Array<Request<O, R>>;
  /** Transactions running: the one that holds up the next, and any left to their stragglers. */
  running: number;
  /** A running transaction holds up the next. */
  blocked: boolean;
  /** A start is due on the next turn of the event loop. */
  scheduled: boolean;
}

/** Runs a transaction of these deliveries; calls `straggling` once all it waits for is a straggler. */
export type LaneAttempt<O, R> = (ids: string[], options: O, straggling: () => void) => Promise<Map<string, R>>;

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
    // The next transaction starts when this one ends or is left to a straggler, whichever comes first.
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
        // A straggler's transaction ending makes room under the cap (its unblock did nothing: done before).
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
