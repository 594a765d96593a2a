// Hand-off: deliveries a worker has just routed are attempted by that same worker at once, instead of
// going through the queue (NOTIFY, a fetch by some worker, a completion): at 200 events/s that hop
// and its queueing behind other batches were most of an event's time from routed to sent, and its
// fetch and completion two statements per batch.
//
// Nothing is lost if the worker dies: routing still inserts, in its transaction, a safety-net job
// for each routed batch's deliveries ("deliver-handed-off" in lib/queue.ts), only due later
// (safetyNetDelaySeconds: longer than the attempts can take), and the worker deletes it once they
// are recorded: a moment later, together with the others recorded meanwhile, in one statement.
// (Deleted one by one, each batch stayed counted against maxPending until its deletion's round
// trip and commit returned, so at 1,000 events/s routing found the hand-off full more often and
// sent more through the queue: bench:routing's 1,000/s phases fell 0.3-4.5 s behind, 3 of 4 over
// a second, against 0.2-1.0 s in 12 of 12 after; stop 46. That holds on a quiet host only: in a
// slow stretch of the host the queue still takes over and the phase falls seconds behind, stop 47.) A job whose deletion failed or never
// came runs when due and finds its deliveries settled. A worker killed before the attempts are
// recorded leaves the job due, and any worker then attempts what is not recorded, like a job of a
// dead worker. A batch with an attempt that failed on our side (the database went away) keeps its
// job too. Attempts themselves take the same advisory locks as a job's, so a safety-net job that
// runs early finds its deliveries busy or done.
//
// Only while the worker keeps up: with `maxPending` deliveries waiting or running here, routing
// leaves new ones to the queue (due at once), where every worker can take them; so does a stopping
// worker. At 1,000 events/s that is most of them (bench:routing: 18,900-22,800 passes through the
// deliver queue for a run's 20,220 deliveries, deferred ones passing more than once). Routing
// waiting (up to a second) for room here instead was measured at stop 48, 4 alternated pairs at
// 1,000/s: 3.3-10.9 s behind at the phase's end against 0.3-7.7, since routing then waits for each
// batch's attempts to end and the two no longer overlap; with maxPending 400 as well, 2.8-4.1 s
// against 0.6-4.9 (3 pairs). Handed-off deliveries and the queue's share a destination's
// transactions in this process (destination-lanes.ts), so the two never compete for its slots:
// with them sharing, draining 20,000 events delivered 829-921 events/s; with the hand-off standing
// aside whenever deliver jobs were being worked here, 637-688/s (it stood aside for good once one
// batch overflowed).
import { logger } from "@/lib/log";
import type { AttemptDeliveryResult, DeliveryDestination } from "@/lib/pipeline/dispatch/attempt-delivery";

const log = logger("delivery.hand-off");

/** A destination's transaction starts no new request after this long (attempt-delivery.ts's budget), plus room for its commit. */
const ATTEMPT_BUDGET_SECONDS = 5;
/** Beyond the longest request, before a handed-off delivery's job becomes due. */
const SAFETY_MARGIN_SECONDS = 15;
/** How long a recorded batch's job waits to be deleted with the others recorded meanwhile. */
const FORGET_AFTER_MS = 1000;
/** Jobs deleted in one statement at most: once that many wait, they are deleted at once. */
const MAX_FORGET_BATCH = 500;
/** How long a handed-off delivery's safety-net job waits: past the longest its attempt can take. */
export function safetyNetDelaySeconds(longestTimeoutMs: number): number {
  return ATTEMPT_BUDGET_SECONDS + Math.ceil(longestTimeoutMs / 1000) + SAFETY_MARGIN_SECONDS;
}

export interface HandedOffDelivery {
  deliveryId: string;
  /** Its destination as routing found it, so the attempt needs no lookup to split the batch. */
  destination: DeliveryDestination;
}

/** One routed batch's deliveries, under one safety-net job. */
export interface HandedOffBatch {
  deliveries: HandedOffDelivery[];
  /** The safety-net job, deleted once every one of them is attempted. */
  jobId: string;
  /** When that job becomes due (this process's clock): too close to it, the job is left to run (a no-op). */
  jobDueAt: number;
}

export interface DeliveryHandOffOptions {
  /** Attempts a batch (attemptDeliveries): one result per id, or the Error its transaction failed with. */
  attempt: (deliveryIds: string[], destinations: ReadonlyMap<string, DeliveryDestination>) => Promise<Map<string, AttemptDeliveryResult | Error>>;
  /** Deletes the safety-net jobs of batches whose deliveries were all attempted (or found settled), in one statement. */
  forgetJobs: (jobIds: string[]) => Promise<void>;
  /** How long a recorded batch's job waits to be deleted with others (default 1 s; drain() deletes at once). */
  forgetAfterMs?: number;
  /** Batches attempted at once (each holds a database connection per destination; a destination's go together, destination-lanes.ts). */
  concurrency?: number;
  /**
   * Deliveries waiting or being attempted here at most; more go to the queue. 100 by default: at
   * 400, bench:routing's 1,000/s phases fell further behind (0.8-2.3 s against 0.4-0.5, 2
   * alternated pairs, stop 46), though fewer deliveries went through the queue.
   */
  maxPending?: number;
  /** Each attempted delivery's outcome (the worker logs it). */
  onResult?: (deliveryId: string, result: AttemptDeliveryResult) => void;
}

export class DeliveryHandOff {
  readonly #options: Required<Omit<DeliveryHandOffOptions, "onResult">> & Pick<DeliveryHandOffOptions, "onResult">;
  #waiting: HandedOffBatch[] = [];
  #pending = 0;
  #running = 0;
  #stopping = false;
  #idle: Array<() => void> = [];
  /** Recorded batches' jobs, deleted together (#forget). */
  #forgettable: Array<{ jobId: string; jobDueAt: number }> = [];
  #forgetTimer: NodeJS.Timeout | undefined;
  #forgetting: Promise<void> = Promise.resolve();

  constructor({ concurrency = 4, maxPending = 100, forgetAfterMs = FORGET_AFTER_MS, ...options }: DeliveryHandOffOptions) {
    this.#options = { concurrency, maxPending, forgetAfterMs, ...options };
  }

  /** Whether `count` more deliveries may be handed over now (routing asks before it writes them). */
  accepts(count: number): boolean {
    return !this.#stopping && this.#pending + count <= this.#options.maxPending;
  }

  /** Takes committed deliveries; attempted in the background. */
  submit(batches: readonly HandedOffBatch[]): void {
    for (const batch of batches) {
      if (batch.deliveries.length === 0) continue;
      this.#waiting.push(batch);
      this.#pending += batch.deliveries.length;
    }
    this.#pump();
  }

  /** Stops taking new deliveries and resolves once every one handed over has been attempted and its job deleted. */
  async drain(): Promise<void> {
    this.#stopping = true;
    if (this.#running > 0 || this.#waiting.length > 0) await new Promise<void>((resolve) => this.#idle.push(resolve));
    await this.#forget();
  }

  #pump(): void {
    while (this.#running < this.#options.concurrency && this.#waiting.length > 0) {
      const batch = this.#waiting.shift()!;
      this.#running += 1;
      void this.#run(batch).finally(() => {
        this.#running -= 1;
        this.#pending -= batch.deliveries.length;
        this.#pump();
        if (this.#running === 0 && this.#waiting.length === 0) for (const resolve of this.#idle.splice(0)) resolve();
      });
    }
  }

  async #run({ deliveries, jobId, jobDueAt }: HandedOffBatch): Promise<void> {
    let results: Map<string, AttemptDeliveryResult | Error>;
    try {
      results = await this.#options.attempt(
        deliveries.map((delivery) => delivery.deliveryId),
        new Map(deliveries.map((delivery) => [delivery.deliveryId, delivery.destination])),
      );
    } catch (error) {
      log.warn("handed-off deliveries not attempted; their job will", { deliveries: deliveries.length, jobId, error });
      return;
    }
    let failed = 0;
    for (const { deliveryId } of deliveries) {
      const result = results.get(deliveryId) ?? { outcome: "missing" as const };
      if (result instanceof Error) failed += 1;
      else this.#options.onResult?.(deliveryId, result);
    }
    if (failed > 0) {
      log.warn("handed-off deliveries not attempted; their job will", { deliveries: failed, jobId, error: [...results.values()].find((result) => result instanceof Error) });
      return;
    }
    this.#forgettable.push({ jobId, jobDueAt });
    if (this.#forgettable.length >= MAX_FORGET_BATCH) void this.#forget();
    else this.#forgetTimer ??= setTimeout(() => void this.#forget(), this.#options.forgetAfterMs).unref();
  }

  /** Deletes the recorded batches' jobs waiting so far, after any deletion under way: MAX_FORGET_BATCH a statement. */
  #forget(): Promise<void> {
    clearTimeout(this.#forgetTimer);
    this.#forgetTimer = undefined;
    this.#forgetting = this.#forgetting.then(async () => {
      while (this.#forgettable.length > 0) {
        // A job about to fall due may already be running: let it (it finds the deliveries settled).
        const jobIds = this.#forgettable.splice(0, MAX_FORGET_BATCH).flatMap(({ jobId, jobDueAt }) => (Date.now() < jobDueAt - SAFETY_MARGIN_SECONDS * 1000 ? [jobId] : []));
        if (jobIds.length === 0) continue;
        try {
          await this.#options.forgetJobs(jobIds);
        } catch (error) {
          // Harmless: each runs when due and finds its deliveries settled.
          log.warn("safety-net jobs of handed-off deliveries not deleted", { jobs: jobIds.length, error });
        }
      }
    });
    return this.#forgetting;
  }
}
