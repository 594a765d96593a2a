// Starts a worker: prepares the database, then registers every job handler with pg-boss. stop()
// stops taking jobs and lets in-flight ones finish within a grace period (pg-boss releases the rest).
// A database that is unreachable at start is waited for; once running, pg-boss rides out outages by
// itself (its workers keep polling, its LISTEN reconnects), and jobs whose transaction died with the
// connection are retried: they are idempotent.
import { closeMailer } from "@/lib/alerts/channels/send-email";
import { startSnapshotFlusher } from "@/lib/metrics/metric-snapshots";
import { startProcessMetrics } from "@/lib/metrics/process-metrics";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { createBoss, jobNames, jobs, workOptions, type JobName, type JobPayload } from "@/lib/queue";
import { closeConnections } from "@/lib/runtime/close-connections";
import { startLivenessServer } from "@/lib/runtime/liveness-server";
import { prepareDatabase } from "@/lib/runtime/prepare-database";
import { warmUpPrisma } from "@/lib/runtime/warm-up-prisma";
import { whenDatabaseAvailable } from "@/lib/runtime/when-database-available";
import { enqueueLaggingSummaryRefreshes } from "@/lib/summaries/refresh-event-summaries";
import { startTracing } from "@/lib/tracing/start-tracing";
import { createDeliveryHandOff } from "@/worker/deliver";
import { batchHandlers, handlers, type BatchHandlers } from "@/worker/registry";
import type { PgBoss } from "pg-boss";

const log = logger("worker");
const SHUTDOWN_GRACE_MS = 20_000;
/** How long a job waits in place for the database before it is left to pg-boss's retries. */
const OUTAGE_PATIENCE_MS = 60_000;
/** At minute 17 of every hour (off the hour, when other jobs on the machine tend to start). */
const RETENTION_CRON = "17 * * * *";
/** Every minute: the circuit breaker's safety net (lib/pipeline/dispatch/sweep-circuits.ts). */
const CIRCUIT_SWEEP_CRON = "* * * * *";
/** Every minute: alert rules (lib/alerts/evaluate-alerts.ts). */
const ALERTS_CRON = "* * * * *";

// Jobs are fetched in batches. pg-boss completes a batch's jobs in one indexed statement when the
// handler returns; a job that must be retried is failed on its own first (boss.fail), and the
// completion, which only touches active jobs, leaves it alone. (pg-boss's perJobResults settles each
// job from a JSON recordset joined against the whole job table: measured at 6.7 ms a batch, 40% of
// the database's time under load.) A full batch makes the worker fetch again at once (burst);
// without that, a backlog would drain one batch per NOTIFY-backstop poll (30 s).
/** What boss.work runs for one queue: validates payloads, runs the handler, fails what must be retried. */
export function jobBatchHandler<Name extends JobName>({
  boss,
  name,
  handleEach,
  handleBatch,
}: {
  boss: PgBoss;
  name: Name;
  handleEach: (payload: JobPayload<Name>) => Promise<void>;
  handleBatch?: (payloads: Array<JobPayload<Name>>) => Promise<Array<Error | undefined>>;
}): (batch: Array<{ id: string; data: unknown }>) => Promise<void> {
  const schema = jobs[name].payload;
  return async (batch) => {
    const valid: Array<{ id: string; payload: JobPayload<Name> }> = [];
    for (const job of batch) {
      const parsed = schema.safeParse(job.data);
      if (parsed.success) valid.push({ id: job.id, payload: parsed.data as JobPayload<Name> });
      // A malformed payload never gets better by retrying: the job completes with the batch.
      else log.error("job payload is invalid; dropping it", { queue: name, jobId: job.id, issues: parsed.error.issues });
    }
    // A job whose database went away mid-way waits here and runs again once it is back (handlers
    // are idempotent), instead of failing into pg-boss's retry delay, which it could not even
    // record while the database is away. Past that patience the whole batch fails, for pg-boss to retry.
    const run = <T>(task: () => Promise<T>) => whenDatabaseAvailable({ task, giveUpAfterMs: OUTAGE_PATIENCE_MS });
    const failures: Array<{ id: string; error: unknown }> = [];
    if (handleBatch) {
      if (valid.length > 0) {
        const outcomes = await run(() => handleBatch(valid.map((job) => job.payload)));
        valid.forEach((job, index) => outcomes[index] && failures.push({ id: job.id, error: outcomes[index] }));
      }
    } else {
      await Promise.all(
        valid.map(async (job) => {
          try {
            await run(() => handleEach(job.payload));
          } catch (error) {
            failures.push({ id: job.id, error });
          }
        }),
      );
    }
    for (const { id, error } of failures) {
      // Transient: pg-boss retries the job on the queue's schedule.
      const message = error instanceof Error ? error.message : JSON.stringify(error);
      log.warn("job failed; it will be retried", { queue: name, jobId: id, error: message });
      await boss.fail(name, id, { message });
    }
  };
}

async function register<Name extends JobName>(boss: PgBoss, name: Name, concurrency: number, batch: BatchHandlers): Promise<void> {
  const options = { batchSize: Math.max(1, Math.ceil(concurrency / 2)), localConcurrency: 2, burstWhenBatchFull: true, ...workOptions(name) } as const;
  const handler = jobBatchHandler({ boss, name, handleEach: handlers[name], handleBatch: batch[name] });
  await boss.work<unknown, unknown, typeof options>(name, options, handler);
}

export async function startWorker(): Promise<{ stop(): Promise<void> }> {
  const config = env();
  // First: waiting for a database that is not there yet is not hanging, so a liveness probe passes meanwhile.
  const liveness = config.WORKER_HEALTH_PORT
    ? await startLivenessServer({ port: config.WORKER_HEALTH_PORT, host: config.HOST, role: "worker" }).catch((error: unknown) => {
        throw new Error(`WORKER_HEALTH_PORT: ${error instanceof Error ? error.message : String(error)}`);
      })
    : null;
  // The all-in-one launcher prepares the database before starting us; alone, we do it ourselves.
  if (process.env.SWITCHYARD_DATABASE_PREPARED !== "1") await whenDatabaseAvailable({ task: () => prepareDatabase(), what: "preparing the database" });
  // Off unless OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set; then routing and attempts continue each event's trace.
  const tracing = await startTracing({ role: "worker" });
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
  // Before any job runs: Prisma's first query compiles its query compiler
  // (lib/runtime/warm-up-prisma.ts). If the database is away just now, the first job that needs
  // Prisma pays for it instead.
  await warmUpPrisma();
  // Deliveries this worker routes, it attempts itself at once (lib/pipeline/dispatch/hand-off.ts).
  const handOff = createDeliveryHandOff(boss);
  const batch = batchHandlers({ handOff });
  for (const name of jobNames) await register(boss, name, config.WORKER_CONCURRENCY, batch);
  // Every worker upserts the same schedule (one row per queue), so there is one hourly job however
  // many workers run; after downtime, one catch-up run rather than none.
  await boss.schedule("retention", RETENTION_CRON, {}, { missed: "once" });
  await boss.schedule("circuit-sweep", CIRCUIT_SWEEP_CRON, {}, { missed: "once" });
  // Summaries a template change (or the upgrade that introduced them) left to refresh.
  await enqueueLaggingSummaryRefreshes({ boss });
  await boss.schedule("evaluate-alerts", ALERTS_CRON, {}, { missed: "once" });
  // GET /metrics on the web port shows the worker's counters through these snapshots.
  const metrics = startSnapshotFlusher({ instance: startProcessMetrics({ role: "worker" }), role: "worker" });
  log.info("worker started", { queues: jobNames, concurrency: config.WORKER_CONCURRENCY, healthPort: liveness?.port ?? null });
  return {
    async stop() {
      // Handed-off deliveries first, while the queue can still delete their safety-net jobs; routing
      // meanwhile leaves new deliveries to the queue. Past the grace they are left to those jobs.
      await Promise.race([handOff.drain(), new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref())]);
      await boss.stop({ graceful: true, timeout: SHUTDOWN_GRACE_MS, close: true });
      await metrics.stop();
      // In-flight jobs are done: their spans are buffered, exported now (within a bound).
      await tracing.stop();
      closeMailer();
      await closeConnections();
      await liveness?.close();
      log.info("worker stopped");
    },
  };
}
