import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { sendJob, stopSender } from "@/lib/queue";
import { createTestSource, eventually } from "@/lib/testing/factories";
import { startWorker } from "@/worker/start-worker";

let worker: Awaited<ReturnType<typeof startWorker>>;

beforeAll(async () => {
  worker = await startWorker();
});

afterAll(async () => {
  await worker.stop();
  await stopSender();
  await disconnectDb();
});

describe("retention", () => {
  it("is scheduled hourly by the worker, and a retention job deletes what is past RETENTION_DAYS", async () => {
    const schedules = await db().$queryRaw<
      Array<{ name: string; cron: string }>
    >`SELECT name, cron FROM pgboss.schedule WHERE name = 'retention'`;
    expect(schedules).toEqual([{ name: "retention", cron: "17 * * * *" }]);

    const source = await createTestSource();
    const receivedAt = new Date(Date.now() - 31 * 24 * 3600 * 1000);
    const old = await db().event.create({
      data: { sourceId: source.id, method: "POST", headers: {}, body: new Uint8Array(), bodySize: 0, receivedAt },
    });
    const recent = await db().event.create({
      data: { sourceId: source.id, method: "POST", headers: {}, body: new Uint8Array(), bodySize: 0 },
    });

    const jobId = await sendJob({ name: "retention", payload: {} });
    await eventually(
      async () => {
        const [job] = await db().$queryRaw<
          Array<{ state: string }>
        >`SELECT state::text FROM pgboss.job WHERE id = ${jobId}::uuid`;
        return job?.state === "completed";
      },
      { timeoutMs: 20_000 },
    );
    expect(await db().event.count({ where: { id: { in: [old.id, recent.id] } } })).toBe(1);
    expect(await db().event.count({ where: { id: recent.id } })).toBe(1);
  });
});
