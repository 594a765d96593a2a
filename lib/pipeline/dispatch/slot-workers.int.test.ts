// workOnSlots (slot-workers.ts) on a real server's locks, with requests the test answers when it
// chooses: slots given back as they run out of work, the caller told once the last request has
// started (answered or not), and a failure that starts nothing new and surfaces once the others are
// answered.
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
  it("tells its caller once, as the last request starts, while requests are still unanswered; a slot is given back once it finds nothing left", async () => {
    const { client, destinationId, slots } = await slotsTaken(2);
    const held = gate();
    const reported = gate();
    const started: string[] = [];
    const answered: string[] = [];
    let startedWhenTold: string[] = [];
    let told = 0;
    const working = workOnSlots({
      client,
      destinationId,
      maxConcurrency: 2,
      slots,
      queue: ["a", "hangs", "b"],
      startBefore: Number.POSITIVE_INFINITY,
      grow: true,
      lastStarted: () => {
        told += 1;
        startedWhenTold = [...started];
        reported.open();
      },
      send: async (item) => {
        started.push(item);
        if (item === "hangs") await held.promise;
        answered.push(item);
      },
    });
    await reported.promise;
    // Told as "b", the last, was taken: "a" was answered, "hangs" was not.
    expect(startedWhenTold).toEqual(["a", "hangs"]);
    expect(answered).not.toContain("hangs");
    await expect.poll(() => answered.sort()).toEqual(["a", "b"]);
    // The slot that ran "a" and "b" is given back; the one waiting for "hangs" is still taken.
    await expect.poll(() => freeSlots(destinationId, 2).then((free) => free.length)).toBe(1);

    held.open();
    await working;
    expect(answered).toContain("hangs");
    expect(told).toBe(1);
    expect(await freeSlots(destinationId, 2)).toEqual([0, 1]);
    await client.query("COMMIT");
  });

  it("tells its caller of a lone request that hangs, on the transaction's only slot", async () => {
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
      lastStarted: reported.open,
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

  it("out of time, tells its caller without starting anything, and leaves the queue as it was", async () => {
    const { client, destinationId, slots } = await slotsTaken(1);
    const started: string[] = [];
    let told = 0;
    const queue = ["a", "b"];
    await workOnSlots({
      client,
      destinationId,
      maxConcurrency: 1,
      slots,
      queue,
      startBefore: performance.now() - 1,
      grow: true,
      lastStarted: () => (told += 1),
      send: (item) => {
        started.push(item);
        return Promise.resolve();
      },
    });
    expect(told).toBe(1);
    expect(started).toEqual([]);
    expect(queue).toEqual(["a", "b"]);
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
