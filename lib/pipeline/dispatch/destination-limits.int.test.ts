// A destination's concurrency slots (destination-limits.ts) on a real server: session locks that a
// transaction takes and gives back one by one, never taken twice (a lock taken twice would stay held
// after its release, and the destination would lose a slot for the life of the connection).
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { describe, expect, it } from "vitest";
import { acquireDestinationSlots, awaitDestinationSlot, releaseDestinationSlots, slotReleaser, type Queryable } from "@/lib/pipeline/dispatch/destination-limits";
import { slotSessions } from "@/lib/testing/slot-sessions";

const { connection, freeSlots } = slotSessions();

describe("destination slots", () => {
  it("are given back one by one, before the transaction that took them ends", async () => {
    const destinationId = randomUUID();
    const client = await connection();
    await client.query("BEGIN");
    expect(await acquireDestinationSlots(client, destinationId, 4, 3)).toEqual([0, 1, 2]);
    expect(await freeSlots(destinationId, 4)).toEqual([3]);
    await releaseDestinationSlots(client, destinationId, [1]);
    expect(await freeSlots(destinationId, 4)).toEqual([1, 3]);
    await releaseDestinationSlots(client, destinationId, [0, 2]);
    expect(await freeSlots(destinationId, 4)).toEqual([0, 1, 2, 3]);
    await client.query("COMMIT");
  });

  it("a slot the session holds is never taken a second time, whatever plan the statement runs with", async () => {
    const destinationId = randomUUID();
    const client = await connection();
    // The plan a prepared statement gets after a few executions: it evaluated the lock before the exclusion once.
    await client.query("SET plan_cache_mode = force_generic_plan");
    try {
      expect(await acquireDestinationSlots(client, destinationId, 3, 1)).toEqual([0]);
      expect(await acquireDestinationSlots(client, destinationId, 3, 2, [0])).toEqual([1, 2]);
      await releaseDestinationSlots(client, destinationId, [0, 1, 2]);
      expect(await freeSlots(destinationId, 3)).toEqual([0, 1, 2]);
    } finally {
      await client.query("RESET plan_cache_mode");
    }
  });

  it("a slot won by waiting is not taken again with the rest", async () => {
    const destinationId = randomUUID();
    const client = await connection();
    const slots = await awaitDestinationSlot(client, destinationId, 2, 2, 1000);
    expect([...slots].sort()).toEqual([0, 1]);
    await releaseDestinationSlots(client, destinationId, slots);
    expect(await freeSlots(destinationId, 2)).toEqual([0, 1]);
  });

  it("releases asked for while one is on its way all happen, in as few statements as they allow", async () => {
    const destinationId = randomUUID();
    const client = await connection();
    expect(await acquireDestinationSlots(client, destinationId, 5, 5)).toEqual([0, 1, 2, 3, 4]);
    // The releases' statements, counted on their way to the connection.
    const statements: string[] = [];
    const counting = {
      query: (config: pg.QueryConfig) => {
        statements.push(config.text);
        return client.query(config);
      },
    } as unknown as Queryable;
    const release = slotReleaser(counting, destinationId);
    await Promise.all([release(0), release(1), release(2)]);
    await Promise.all([release(3), release(4)]);
    expect(statements).toHaveLength(2);
    expect(await freeSlots(destinationId, 5)).toEqual([0, 1, 2, 3, 4]);
  });

  it("survive the rollback of the transaction that took them (so a failed one closes its connection: db-transaction.int.test.ts)", async () => {
    const destinationId = randomUUID();
    const client = await connection();
    await client.query("BEGIN");
    expect(await acquireDestinationSlots(client, destinationId, 2, 2)).toEqual([0, 1]);
    await client.query("ROLLBACK");
    expect(await freeSlots(destinationId, 2)).toEqual([]);
    await releaseDestinationSlots(client, destinationId, [0, 1]);
    expect(await freeSlots(destinationId, 2)).toEqual([0, 1]);
  });
});
