// workOnSlots (slot-workers.ts) on a real server's locks, with requests the test answers when it
// chooses: slots given back as they run out of work, a straggler reported only while one is
// unanswered, and a failure that starts nothing new and surfaces once the others are answered.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { acquireDestinationSlots } from "@/lib/pipeline/dispatch/destination-limits";
import { workOnSlots } from "@/lib/pipeline/dispatch/slot-workers";
import { slotSessions } from "@/lib/testing/slot-sessions";

const { connection, freeSlots } = slotSessions();

/** A transaction holding `count` slots of a new destination. */
async function slotsTaken(count: number) {
  const destinationId = randomUUID();
  const client = await connection();
  await client.query("BEGIN");
  const slots = await acquireDestinationSlots(client, destinationId, count, count);
  return { client, destinationId, slots };
}

function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe("workOnSlots", () => {
  it("reports a straggler while a request is still unanswered after the last started; the others' slots are free by then", async () => {
    const { client, destinationId, slots } = await slotsTaken(2);
    const held = gate();
    const reported = gate();
    const answered: string[] = [];
    let straggled = 0;
    const working = workOnSlots({
      client,
      destinationId,
      maxConcurrency: 2,
      slots,
      queue: ["a", "hangs", "b"],
      startBefore: Number.POSITIVE_INFINITY,
      grow: true,
      stragglerAfterMs: 20,
      straggling: () => {
        straggled += 1;
        reported.open();
      },
      send: async (item) => {
        if (item === "hangs") await held.promise;
        answered.push(item);
      },
    });
    await reported.promise;
    expect(answered.sort()).toEqual(["a", "b"]);
    // The straggler's slot is still taken, the other's given back.
    expect(await freeSlots(destinationId, 2)).toHaveLength(1);

    held.open();
    await working;
    expect(answered).toContain("hangs");
    expect(straggled).toBe(1);
    expect(await freeSlots(destinationId, 2)).toEqual([0, 1]);
    await client.query("COMMIT");
  });

  it("reports a lone request that hangs, on the transaction's only slot", async () => {
    const { client, destinationId, slots } = await slotsTaken(1);
    const held = gate();
    const reported = gate();
    let answered = false;
    const working = workOnSlots({
      client,
      destinationId,
      maxConcurrency: 1,
      slots,
      queue: ["hangs"],
      startBefore: Number.POSITIVE_INFINITY,
      grow: true,
      stragglerAfterMs: 20,
      straggling: reported.open,
      send: async () => {
        await held.promise;
        answered = true;
      },
    });
    await reported.promise;
    expect(answered).toBe(false);
    held.open();
    await working;
    expect(await freeSlots(destinationId, 1)).toEqual([0]);
    await client.query("COMMIT");
  });

  it("a request that fails starts nothing new, waits for the others' answers, then throws; the slots go with the connection", async () => {
    const { client, destinationId, slots } = await slotsTaken(2);
    const slow = gate();
    const started: string[] = [];
    let slowAnswered = false;
    const working = workOnSlots({
      client,
      destinationId,
      maxConcurrency: 2,
      slots,
      queue: ["slow", "fails", "never-1", "never-2"],
      startBefore: Number.POSITIVE_INFINITY,
      grow: true,
      send: async (item) => {
        started.push(item);
        if (item === "fails") throw new Error("the tracer broke (test)");
        await slow.promise;
        slowAnswered = true;
      },
    });
    let settled = false;
    void working.catch(() => undefined).finally(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    slow.open();
    await expect(working).rejects.toThrow("(test)");
    expect(slowAnswered).toBe(true);
    expect(started).toEqual(["slow", "fails"]);
  });
});
