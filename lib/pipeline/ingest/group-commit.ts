// Group commit: items submitted while earlier batches are being written wait, and go together in
// the next batch. With nothing in flight an item goes at once (after the current turn of the event
// loop, so requests parsed in the same turn share a batch), so a quiet receiver adds no delay; under
// load each commit carries everything that arrived during the previous ones, up to `maxBatch`. The
// window adapts to load by itself: it is as long as a commit takes.
export interface GroupCommitOptions<Item, Result> {
  /** Items per batch at most. */
  maxBatch: number;
  /** Batches written at once at most (each on its own connection). */
  maxInFlight: number;
  /**
   * Writes one batch. Resolves with one outcome per item, in order: its result, or an Error for that
   * item alone (the others are still answered). Rejects when the whole batch failed.
   */
  write(items: Item[]): Promise<Array<Result | Error>>;
}

interface Waiting<Item, Result> {
  item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

export class GroupCommit<Item, Result> {
  private readonly waiting: Array<Waiting<Item, Result>> = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(private readonly options: GroupCommitOptions<Item, Result>) {}

  /** Settles once the batch holding `item` is written: with its result, or its error. */
  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Items waiting for a batch, and batches being written (for tests and diagnostics). */
  get pending(): { waiting: number; inFlight: number } {
    return { waiting: this.waiting.length, inFlight: this.inFlight };
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting.splice(0, this.options.maxBatch);
    if (batch.length === 0) return;
    this.inFlight++;
    this.schedule();
    try {
      const outcomes = await this.options.write(batch.map((entry) => entry.item));
      batch.forEach((entry, index) => {
        const outcome = outcomes[index];
        if (outcome === undefined) entry.reject(new Error("the batch writer returned no outcome for an item"));
        else if (outcome instanceof Error) entry.reject(outcome);
        else entry.resolve(outcome);
      });
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }
}
