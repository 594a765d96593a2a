// Whether a worker runs, from the snapshots every worker writes (lib/metrics/metric-snapshots.ts):
// one heard from within WORKER_SILENT_AFTER_MS counts, one silent for longer does not, and the
// web processes' snapshots never do. checkHealth's details carry it.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { flushMetricSnapshot } from "@/lib/metrics/metric-snapshots";
import { checkHealth } from "@/lib/runtime/check-health";
import { getWorkerPresence, WORKER_SILENT_AFTER_MS } from "@/lib/metrics/worker-presence";

afterAll(() => disconnectDb());

// Files run one at a time: snapshots another file's workers left behind are cleared first.
beforeEach(async () => {
  await db().metricSnapshot.deleteMany({});
});

async function lastHeardAt(instance: string, role: string, at: Date): Promise<void> {
  await db().metricSnapshot.upsert({
    where: { instance },
    create: { instance, role, metrics: [], updatedAt: at },
    update: { updatedAt: at },
  });
}

describe("getWorkerPresence", () => {
  it("counts no worker, and knows of none, when none has written", async () => {
    await lastHeardAt("web:host:1:1", "web", new Date());
    expect(await getWorkerPresence()).toEqual({ running: 0, lastSeenAt: null });
  });

  it("counts a worker that has just written its snapshot, and not a web process", async () => {
    const before = new Date();
    await flushMetricSnapshot({ instance: "worker:host:2:1", role: "worker" });
    await flushMetricSnapshot({ instance: "web:host:3:1", role: "web" });
    const presence = await getWorkerPresence();
    expect(presence.running).toBe(1);
    expect(presence.lastSeenAt!.getTime()).toBeGreaterThanOrEqual(before.getTime());
  });

  it("does not count a worker silent for longer than the limit, but says when it was last heard from", async () => {
    const now = new Date();
    const silentSince = new Date(now.getTime() - WORKER_SILENT_AFTER_MS - 1000);
    await lastHeardAt("worker:host:4:1", "worker", silentSince);
    expect(await getWorkerPresence(now)).toEqual({ running: 0, lastSeenAt: silentSince });

    const justNow = new Date(now.getTime() - WORKER_SILENT_AFTER_MS + 1000);
    await lastHeardAt("worker:host:5:1", "worker", justNow);
    expect(await getWorkerPresence(now)).toEqual({ running: 1, lastSeenAt: justNow });
  });

  it("is in checkHealth's details, and does not decide readiness", async () => {
    const health = await checkHealth();
    expect(health.ok).toBe(true);
    expect(health.workers).toEqual({ running: 0, lastSeenAt: null });
    await flushMetricSnapshot({ instance: "worker:host:6:1", role: "worker" });
    expect((await checkHealth()).workers?.running).toBe(1);
  });
});
