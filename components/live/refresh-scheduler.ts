// Turns a stream of "the page is stale" signals into page refreshes: at most one in flight, starts
// at least minIntervalMs apart, and always one more after the last signal (a change that arrives
// during a refresh may not be in it). Shared by every LiveRefresh on a page, since router.refresh()
// re-renders the whole page whichever of them asks.

export interface Refresher {
  /** Starts a refresh; the refresher calls scheduler.done() when it has finished. */
  run(): void;
}

export interface RefreshSchedulerOptions {
  minIntervalMs: number;
  /** A refresh that never reports done is given up on after this long, so updates never stall. */
  giveUpMs: number;
  /** Whether refreshing now is worthwhile (false in a hidden tab: it waits until shown). */
  canRun?: () => boolean;
  now?: () => number;
}

export class RefreshScheduler {
  private wanted: Refresher | null = null;
  private inFlight: Refresher | null = null;
  private lastStart = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private giveUp: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: RefreshSchedulerOptions) {}

  /** Asks for a refresh, run by this refresher (or by the latest one to ask, if it is waiting). */
  request(refresher: Refresher): void {
    this.wanted = refresher;
    this.pump();
  }

  /** The refresh in flight has finished. */
  done(refresher: Refresher): void {
    if (this.inFlight !== refresher) return;
    this.inFlight = null;
    if (this.giveUp) clearTimeout(this.giveUp);
    this.giveUp = null;
    this.pump();
  }

  /** Drops a refresh this refresher asked for that has not started yet (live updates paused). */
  cancel(refresher: Refresher): void {
    if (this.wanted === refresher) this.wanted = null;
  }

  /** A refresher is going away: drop what it was asked or doing. */
  forget(refresher: Refresher): void {
    this.cancel(refresher);
    this.done(refresher);
  }

  /** Runs a waiting refresh if it may run now (call when canRun may have become true). */
  pump(): void {
    if (!this.wanted || this.inFlight || this.timer) return;
    if (this.options.canRun && !this.options.canRun()) return;
    const now = this.options.now?.() ?? Date.now();
    const wait = this.lastStart + this.options.minIntervalMs - now;
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.pump();
      }, wait);
      return;
    }
    const refresher = this.wanted;
    this.wanted = null;
    this.inFlight = refresher;
    this.lastStart = now;
    this.giveUp = setTimeout(() => this.done(refresher), this.options.giveUpMs);
    refresher.run();
  }
}
