// Idle connections stay open for POOL_IDLE_TIMEOUT_MS (lib/db.ts), not node-postgres's 10 s: a
// burst's connections are still there for the next burst, instead of a new server process, an
// authentication and cold caches each time (bench:routing counted 20-46 connections opened per
// 20 s phase at 200 events/s before, 0-1 after). pg-pool closes idle connections on a timer, which
// fake timers move forward here; the connections are real.
import type pg from "pg";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { disconnectDb, pool, POOL_IDLE_TIMEOUT_MS } from "@/lib/db";
import { createBoss } from "@/lib/queue";

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  await disconnectDb();
});

/** Checks out `count` connections at once, so the pool must hold that many. */
function checkOutAtOnce(count: number): Promise<pg.PoolClient[]> {
  return Promise.all(Array.from({ length: count }, () => pool().connect()));
}

describe("the shared pool", () => {
  it("keeps a burst's connections a minute after it, for the next burst, and closes them once idle for POOL_IDLE_TIMEOUT_MS", async () => {
    const burst = await checkOutAtOnce(3);
    const backends = burst.map((client) => (client as unknown as { processID: number }).processID).sort();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    for (const client of burst) client.release();

    // Six times node-postgres's own idle timeout.
    vi.advanceTimersByTime(60_000);
    expect(pool().totalCount).toBe(3);
    const next = await checkOutAtOnce(3);
    expect(next.map((client) => (client as unknown as { processID: number }).processID).sort()).toEqual(backends);
    for (const client of next) client.release();

    vi.advanceTimersByTime(POOL_IDLE_TIMEOUT_MS - 1);
    expect(pool().totalCount).toBe(3);
    vi.advanceTimersByTime(1);
    expect(pool().totalCount).toBe(0);
  });
});

describe("pg-boss's pool", () => {
  it("is given the same idle timeout: pg-boss passes its options to its pg.Pool as they are", async () => {
    const boss = createBoss({ connectionString: process.env.DATABASE_URL!, role: "sender" });
    await boss.start();
    try {
      await boss.getDb().executeSql("SELECT 1");
      // Not in pg-boss's types: this is what a pg-boss upgrade that stopped passing it through would break.
      const bossPool = (boss.getDb() as unknown as { pool: pg.Pool & { options: pg.PoolConfig } }).pool;
      expect(bossPool.options.idleTimeoutMillis).toBe(POOL_IDLE_TIMEOUT_MS);
    } finally {
      await boss.stop({ graceful: false, close: true });
    }
  });
});
