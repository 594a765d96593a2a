// Readiness of this instance: the database answers, and pg-boss's schema is installed there. Under
// `npm start` it also carries the launcher's view of its processes (restarts, last exit), which does
// not decide readiness: a worker restarting does not stop this web process from receiving webhooks.
// Nor does whether any worker runs anywhere (workers), for the same reason: it is reported.
import { db } from "@/lib/db";
import { BOSS_SCHEMA } from "@/lib/queue";
import { supervisorStatus, type SupervisorStatus } from "@/lib/runtime/supervisor-status";
import { getWorkerPresence, type WorkerPresence } from "@/lib/metrics/worker-presence";

const CHECK_TIMEOUT_MS = 2000;

export interface ComponentHealth {
  ok: boolean;
  latencyMs?: number;
  error?: string;
}

export interface Health {
  ok: boolean;
  database: ComponentHealth;
  queue: ComponentHealth & { queuedJobs?: number };
  /** The launcher's processes; null when this process was not started by `npm start`. */
  supervisor: SupervisorStatus | null;
  /** Worker processes heard from, wherever they run; null when the database could not say, or nobody asked. */
  workers: WorkerPresence | null;
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]!.slice(0, 200) : "unknown error";
}

/** `workers: false` skips that query: a load balancer's anonymous probe, every few seconds, is not shown it. */
export async function checkHealth({ workers: withWorkers = true }: { workers?: boolean } = {}): Promise<Health> {
  const started = Date.now();
  const database: ComponentHealth = await withTimeout(db().$queryRaw`SELECT 1`).then(
    () => ({ ok: true, latencyMs: Date.now() - started }),
    (error: unknown) => ({ ok: false, error: describe(error) }),
  );
  const queue: Health["queue"] = database.ok
    ? await withTimeout(
        db().$queryRawUnsafe<Array<{ queued: bigint }>>(
          `SELECT coalesce(sum(queued_count), 0)::bigint AS queued FROM ${BOSS_SCHEMA}.queue`,
        ),
      ).then(
        (rows) => ({ ok: true, queuedJobs: Number(rows[0]?.queued ?? 0) }),
        (error: unknown) => ({ ok: false, error: describe(error) }),
      )
    : { ok: false, error: "database unreachable" };
  const workers = withWorkers && database.ok ? await withTimeout(getWorkerPresence()).catch(() => null) : null;
  return { ok: database.ok && queue.ok, database, queue, supervisor: supervisorStatus(), workers };
}

/**
 * The body of GET /api/health. Details (error text naming hosts and ports, the queue depth, the
 * processes) are for authenticated callers only; anyone else learns ok or unavailable.
 */
export function healthAnswer(health: Health, { detailed }: { detailed: boolean }): { status: "ok" | "unavailable" } & Partial<Health> {
  const status = health.ok ? "ok" : "unavailable";
  return detailed ? { status, ...health } : { status };
}
