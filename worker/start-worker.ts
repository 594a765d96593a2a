// Starts a worker: prepares the database, then registers every job handler with pg-boss. stop()
// stops taking jobs and lets in-flight ones finish within a grace period (pg-boss releases the rest).
import { disconnectDb } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { createBoss, jobNames, jobs, type JobName } from "@/lib/queue";
import { prepareDatabase } from "@/lib/runtime/prepare-database";
import { handlers } from "@/worker/registry";
import type { PgBoss } from "pg-boss";

const log = logger("worker");
const SHUTDOWN_GRACE_MS = 20_000;

async function register<Name extends JobName>(boss: PgBoss, name: Name, concurrency: number): Promise<void> {
  const schema = jobs[name].payload;
  const handle = handlers[name];
  await boss.work<unknown>(name, { batchSize: 1, localConcurrency: concurrency }, async ([job]) => {
    if (!job) return;
    const parsed = schema.safeParse(job.data);
    if (!parsed.success) {
      // A malformed payload never gets better by retrying: complete the job and say why.
      log.error("job payload is invalid; dropping it", { queue: name, jobId: job.id, issues: parsed.error.issues });
      return;
    }
    await handle(parsed.data as never);
  });
}

export async function startWorker(): Promise<{ stop(): Promise<void> }> {
  const config = env();
  // The all-in-one launcher prepares the database before starting us; alone, we do it ourselves.
  if (process.env.SWITCHYARD_DATABASE_PREPARED !== "1") await prepareDatabase();
  const boss = createBoss({ connectionString: config.DATABASE_URL, role: "worker" });
  await boss.start();
  for (const name of jobNames) await register(boss, name, config.WORKER_CONCURRENCY);
  log.info("worker started", { queues: jobNames, concurrency: config.WORKER_CONCURRENCY });
  return {
    async stop() {
      await boss.stop({ graceful: true, timeout: SHUTDOWN_GRACE_MS, close: true });
      await disconnectDb();
      log.info("worker stopped");
    },
  };
}
