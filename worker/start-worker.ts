// Starts a worker: prepares the database, then registers every job handler with pg-boss. stop()
// stops taking jobs and lets in-flight ones finish within a grace period (pg-boss releases the rest).
// A database that is unreachable at start is waited for; once running, pg-boss rides out outages by
// itself (its workers keep polling, its LISTEN reconnects), and jobs whose transaction died with the
// connection are retried: they are idempotent.
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { createBoss, jobNames, jobs, workOptions, type JobName } from "@/lib/queue";
import { closeConnections } from "@/lib/runtime/close-connections";
import { prepareDatabase } from "@/lib/runtime/prepare-database";
import { whenDatabaseAvailable } from "@/lib/runtime/when-database-available";
import { batchHandlers, handlers } from "@/worker/registry";
import type { JobResult, PgBoss } from "pg-boss";

const log = logger("worker");
const SHUTDOWN_GRACE_MS = 20_000;
/** How long a job waits in place for the database before it is left to pg-boss's retries. */
const OUTAGE_PATIENCE_MS = 60_000;
/** At minute 17 of every hour (off the hour, when other jobs on the machine tend to start). */
const RETENTION_CRON = "17 * * * *";
/** Every minute: the circuit breaker's safety net (lib/pipeline/dispatch/sweep-circuits.ts). */
const CIRCUIT_SWEEP_CRON = "* * * * *";

// Jobs are fetched in batches and each job's outcome is reported on its own (perJobResults), so one
// failing job is retried alone. A full batch makes the worker fetch again at once (burst); without
// that, a backlog would drain one batch per NOTIFY-backstop poll (30 s).
async function register<Name extends JobName>(boss: PgBoss, name: Name, concurrency: number): Promise<void> {
  const schema = jobs[name].payload;
  const options = { batchSize: Math.max(1, Math.ceil(concurrency / 2)), localConcurrency: 2, perJobResults: true, burstWhenBatchFull: true, ...workOptions(name) } as const;
  const handleEach = handlers[name] as (payload: unknown) => Promise<void>;
  const handleBatch = batchHandlers[name] as ((payloads: unknown[]) => Promise<Array<Error | undefined>>) | undefined;
  await boss.work<unknown, unknown, typeof options>(name, options, async (batch) => {
    const valid: Array<{ id: string; payload: unknown }> = [];
    const results = new Map<string, JobResult>();
    for (const job of batch) {
      const parsed = schema.safeParse(job.data);
      if (parsed.success) valid.push({ id: job.id, payload: parsed.data });
      else {
        // A malformed payload never gets better by retrying: complete the job and say why.
        log.error("job payload is invalid; dropping it", { queue: name, jobId: job.id, issues: parsed.error.issues });
        results.set(job.id, { id: job.id, status: "completed", output: { dropped: "invalid payload" } });
      }
    }
    // A job whose database went away mid-way waits here and runs again once it is back (handlers
    // are idempotent), instead of failing into pg-boss's retry delay, which it could not even
    // record while the database is away.
    const run = (task: () => Promise<void | Array<Error | undefined>>) => whenDatabaseAvailable({ task, giveUpAfterMs: OUTAGE_PATIENCE_MS });
    const settle = (id: string, error: unknown) => {
      if (error === undefined) return results.set(id, { id, status: "completed" });
      // Transient: pg-boss retries the job on the queue's schedule.
      const message = error instanceof Error ? error.message : JSON.stringify(error);
      log.warn("job failed; it will be retried", { queue: name, jobId: id, error: message });
      return results.set(id, { id, status: "failed", output: { message } });
    };
    if (handleBatch && valid.length > 0) {
      try {
        const outcomes = (await run(() => handleBatch(valid.map((job) => job.payload)))) as Array<Error | undefined>;
        valid.forEach((job, index) => settle(job.id, outcomes[index]));
      } catch (error) {
        for (const job of valid) settle(job.id, error);
      }
    } else {
      await Promise.all(
        valid.map(async (job) => {
          try {
            await run(() => handleEach(job.payload));
            settle(job.id, undefined);
          } catch (error) {
            settle(job.id, error);
          }
        }),
      );
    }
    return batch.map((job) => results.get(job.id)!);
  });
}

export async function startWorker(): Promise<{ stop(): Promise<void> }> {
  const config = env();
  // The all-in-one launcher prepares the database before starting us; alone, we do it ourselves.
  if (process.env.SWITCHYARD_DATABASE_PREPARED !== "1") await whenDatabaseAvailable({ task: () => prepareDatabase(), what: "preparing the database" });
  const boss = await whenDatabaseAvailable({
    task: async () => {
      const started = createBoss({ connectionString: config.DATABASE_URL, role: "worker" });
      try {
        return await started.start();
      } catch (error) {
        await started.stop({ graceful: false, close: true }).catch(() => undefined);
        throw error;
      }
    },
    what: "starting the job queue",
  });
  for (const name of jobNames) await register(boss, name, config.WORKER_CONCURRENCY);
  // Every worker upserts the same schedule (one row per queue), so there is one hourly job however
  // many workers run; after downtime, one catch-up run rather than none.
  await boss.schedule("retention", RETENTION_CRON, {}, { missed: "once" });
  await boss.schedule("circuit-sweep", CIRCUIT_SWEEP_CRON, {}, { missed: "once" });
  log.info("worker started", { queues: jobNames, concurrency: config.WORKER_CONCURRENCY });
  return {
    async stop() {
      await boss.stop({ graceful: true, timeout: SHUTDOWN_GRACE_MS, close: true });
      await closeConnections();
      log.info("worker stopped");
    },
  };
}
