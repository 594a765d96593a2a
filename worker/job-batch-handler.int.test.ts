// How a fetched batch of jobs is settled, against real pg-boss: the handler's failures are failed
// (and retried) one by one, everything else in the batch completes together; a malformed payload
// completes without running.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { createBoss, stopSender } from "@/lib/queue";
import { eventually } from "@/lib/testing/factories";
import { jobBatchHandler } from "@/worker/start-worker";
import type { PgBoss } from "pg-boss";

let boss: PgBoss;

beforeAll(async () => {
  boss = createBoss({ connectionString: process.env.DATABASE_URL!, role: "sender" });
  await boss.start();
});

afterAll(async () => {
  await boss.stop({ graceful: false, close: true });
  await stopSender();
  await disconnectDb();
});

async function states(ids: string[]) {
  const rows = await db().$queryRaw<Array<{ id: string; state: string; retry_count: number }>>`
    SELECT id::text, state::text, retry_count FROM pgboss.job WHERE id = ANY(${ids}::uuid[])`;
  return new Map(rows.map((row) => [row.id, row]));
}

describe("jobBatchHandler", () => {
  it("retries only the jobs whose handling failed; the rest of the batch completes", async () => {
    // Files run one at a time, but earlier ones leave route-event jobs that no worker took: not ours to handle.
    await db().$executeRaw`DELETE FROM pgboss.job WHERE name = 'route-event' AND state IN ('created', 'retry')`;
    const eventIds = [randomUUID(), randomUUID(), randomUUID()];
    const failing = eventIds[1]!;
    const jobIds: string[] = [];
    for (const eventId of eventIds) jobIds.push((await boss.send("route-event", { eventId }))!);
    const malformed = (await boss.send("route-event", { eventId: "not a uuid" }))!;
    const seen: string[] = [];
    const handler = jobBatchHandler({
      boss,
      name: "route-event",
      handleEach: () => Promise.reject(new Error("not used: this queue has a batch handler")),
      handleBatch: (payloads) => {
        const eventIdOf = (payload: (typeof payloads)[number]) => ("eventId" in payload ? payload.eventId : payload.eventIds.join());
        seen.push(...payloads.map(eventIdOf));
        return Promise.resolve(payloads.map((payload) => (eventIdOf(payload) === failing ? new Error("evaluating this event failed") : undefined)));
      },
    });
    await boss.work("route-event", { batchSize: 10, pollingIntervalSeconds: 0.5 }, handler);
    const settled = await eventually(async () => {
      const now = await states([...jobIds, malformed]);
      return [...now.values()].every((row) => row.state !== "created" && row.state !== "active") ? now : null;
    });
    await boss.offWork("route-event");

    expect(seen.sort()).toEqual([...eventIds].sort());
    expect(settled.get(jobIds[0]!)?.state).toBe("completed");
    expect(settled.get(jobIds[2]!)?.state).toBe("completed");
    expect(settled.get(malformed)?.state).toBe("completed");
    // Failed on its own, and back in line for a retry (the queue allows 20).
    expect(settled.get(jobIds[1]!)?.state).toBe("retry");
  }, 30_000);
});
