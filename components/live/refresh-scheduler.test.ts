import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RefreshScheduler, type Refresher } from "@/components/live/refresh-scheduler";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setup({ visible = (): boolean => true }: { visible?: () => boolean } = {}) {
  const scheduler = new RefreshScheduler({ minIntervalMs: 500, giveUpMs: 15_000, canRun: visible, now: () => Date.now() });
  const runs: number[] = [];
  const refresher: Refresher = { run: () => runs.push(Date.now()) };
  return { scheduler, runs, refresher };
}

describe("RefreshScheduler", () => {
  it("runs the first request at once", () => {
    const { scheduler, runs, refresher } = setup();
    scheduler.request(refresher);
    expect(runs).toHaveLength(1);
  });

  it("keeps one refresh in flight and runs one more, trailing, for everything asked meanwhile", () => {
    const { scheduler, runs, refresher } = setup();
    const start = Date.now();
    scheduler.request(refresher);
    for (let index = 0; index < 100; index += 1) scheduler.request(refresher);
    vi.advanceTimersByTime(2000);
    expect(runs).toHaveLength(1); // still in flight
    scheduler.done(refresher);
    expect(runs).toHaveLength(2);
    expect(runs[1]! - start).toBe(2000);
    scheduler.done(refresher);
    vi.advanceTimersByTime(5000);
    expect(runs).toHaveLength(2); // nothing was asked after the second started
  });

  it("starts refreshes at least minIntervalMs apart", () => {
    const { scheduler, runs, refresher } = setup();
    const start = Date.now();
    scheduler.request(refresher);
    scheduler.done(refresher);
    vi.advanceTimersByTime(100);
    scheduler.request(refresher);
    expect(runs).toHaveLength(1);
    vi.advanceTimersByTime(399);
    expect(runs).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(runs.map((time) => time - start)).toEqual([0, 500]);
  });

  it("gives up on a refresh that never reports done", () => {
    const { scheduler, runs, refresher } = setup();
    scheduler.request(refresher);
    scheduler.request(refresher);
    vi.advanceTimersByTime(15_000);
    expect(runs).toHaveLength(2);
  });

  it("waits while the page is hidden and runs when pumped after it is shown", () => {
    let visible = false;
    const { scheduler, runs, refresher } = setup({ visible: () => visible });
    scheduler.request(refresher);
    vi.advanceTimersByTime(10_000);
    expect(runs).toHaveLength(0);
    visible = true;
    scheduler.pump();
    expect(runs).toHaveLength(1);
  });

  it("drops a waiting request when cancelled, and keeps the one in flight", () => {
    const { scheduler, runs, refresher } = setup();
    scheduler.request(refresher);
    scheduler.request(refresher);
    scheduler.cancel(refresher);
    scheduler.done(refresher);
    vi.advanceTimersByTime(5000);
    expect(runs).toHaveLength(1);
    scheduler.request(refresher);
    expect(runs).toHaveLength(2);
  });

  it("drops a request from a refresher that went away", () => {
    const { scheduler, runs, refresher } = setup();
    scheduler.request(refresher);
    scheduler.request(refresher);
    scheduler.forget(refresher);
    vi.advanceTimersByTime(5000);
    expect(runs).toHaveLength(1);
  });
});
