// The pg-boss queue: queue names, typed job payloads, and send helpers. Payloads carry ids, never
// whole events; handlers (worker/) must be idempotent because pg-boss delivers at least once.
import { fromPrisma, PgBoss, type ConstructorOptions, type Db, type Queue, type WorkOptions } from "pg-boss";
import type pg from "pg";
import { z } from "zod";
import { POOL_IDLE_TIMEOUT_MS, statementName } from "@/lib/db";
import { databaseOutage, isDatabaseUnavailable } from "@/lib/db-errors";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";

const log = logger("queue");

export const BOSS_SCHEMA = "pgboss";

interface JobDefinition {
  payload: z.ZodType;
  queue: Omit<Queue, "name">;
  /** Polling overrides for this queue's workers (worker/start-worker.ts). */
  work?: Pick<WorkOptions, "pollingIntervalSeconds" | "notifyPollingIntervalSeconds" | "batchSize" | "localConcurrency">;
}

// Workers heartbeat their active jobs (pg-boss does it for us every HEARTBEAT_SECONDS / 2); a job
// whose worker died (killed, machine lost) is failed and retried once its heartbeat is this old and
// the supervisor next looks (SUPERVISE_SECONDS), instead of after the whole expireInSeconds.
const HEARTBEAT_SECONDS = 10;
const SUPERVISE_SECONDS = 10;
// A handler fails only on database trouble (the endpoint's failures are the delivery's own retry
// schedule). Retried with backoff capped at 5 minutes, 20 tries outlast an outage of over an hour:
// a job that ran out of tries would leave an acknowledged event unrouted until someone replays it.
const OUTAGE_RETRIES = { retryLimit: 20, retryDelay: 5, retryBackoff: true, retryDelayMax: 300 } as const;

/** Received events one route-event job names at most: the receiver's largest commit. */
export const ROUTE_JOB_EVENTS = 128;

/** Deliveries one job names at most: routing's deliver jobs and the hand-off's safety nets (routing splits larger batches). */
export const JOB_DELIVERIES = 100;

export const jobs = {
  "route-event": {
    // Two shapes. `eventIds`: the rows the receiver wrote in one commit (lib/pipeline/ingest/
    // store-event.ts; a row the unique index folded into an earlier event has no event, and routing
    // passes over it), routed the first time: one job per commit rather than one per event, since a
    // job's insert, fetch and completion cost PostgreSQL ~210 µs at 1,000 events/s whatever it holds.
    // `eventId` with runKey/trigger: a replay routes one event again under its own key
    // (lib/events/replay-event.ts); without them, the first routing of that event.
    payload: z.union([
      z.object({ eventIds: z.array(z.uuid()).min(1).max(ROUTE_JOB_EVENTS) }),
      z.object({ eventId: z.uuid(), runKey: z.string().min(1).max(100).optional(), trigger: z.enum(["received", "replay"]).optional() }),
    ]),
    // Low latency matters: workers are woken by LISTEN/NOTIFY instead of waiting for a poll.
    queue: { notify: true, ...OUTAGE_RETRIES, expireInSeconds: 300, heartbeatSeconds: HEARTBEAT_SECONDS },
    // Routed a batch at a time (lib/pipeline/routing/route-events.ts): the jobs of one fetch, in
    // transactions of at most 100 events, so a burst costs a few round trips per hundred events. One
    // fetch loop per process: NOTIFY wakes every loop of a queue, and a second one mostly made empty
    // fetches that skipped the first one's locked rows (~1 ms each; at 200 events/s it doubled
    // receive→sink p50, 27 → 45–60 ms); a burst is still taken 100 jobs at a time. Measured again at
    // stop 44, with the hand-off: 200/s second-phase p50 92.7 ms against 26.9, and the first phase
    // sent 921 deliveries through the queue (the hand-off was full). At 200/s this one loop is busy
    // all the time (fetch, load, write, completion back to back, ~2.5 events a turn): batches grow
    // with the load instead. A prototype without the fetch and completion (the receiver announcing
    // its commit by NOTIFY, the worker routing it at once, this job a later safety net) routed 5-7 ms
    // sooner but delivered no sooner: a destination's transactions, one after another per worker
    // (destination-lanes.ts), then got more and smaller batches and the wait moved there (routed →
    // attempt started +7-10 ms), and PostgreSQL used ~0.3 ms more CPU an event.
    work: { batchSize: 100, localConcurrency: 1 },
  },
  // One attempt of one delivery (lib/pipeline/dispatch/attempt-delivery.ts). The delivery's own retry
  // schedule is ours: each attempt that needs another enqueues a new job with `startAfter`, so the
  // job's retryLimit only covers the handler failing (database trouble), not the endpoint failing.
  deliver: {
    // `deliveryIds`: the deliveries one routing transaction made and did not hand off (the hand-off
    // was full, or it runs elsewhere), due at once: one job for them rather than one each, as for
    // route-event. `deliveryId`: one delivery's next attempt (a retry, a deferral, a resume), each
    // with its own due time.
    payload: z.union([z.object({ deliveryIds: z.array(z.uuid()).min(1).max(JOB_DELIVERIES) }), z.object({ deliveryId: z.uuid() })]),
    // expireInSeconds outlasts the longest request (timeoutMs at most 60 s) plus its transaction, so
    // a job is only re-delivered when its worker died; the re-delivered job then finds the attempt
    // either recorded or rolled back. A dead worker is noticed sooner by its missing heartbeat.
    queue: { notify: true, ...OUTAGE_RETRIES, expireInSeconds: 180, heartbeatSeconds: HEARTBEAT_SECONDS },
    // Retries and deferrals are future-dated jobs, which NOTIFY does not announce: poll every second
    // so a 5 s retry or a 1 s rate-limit deferral is not held back by the 30 s NOTIFY backstop.
    // A batch is attempted a destination at a time, each destination's deliveries in one
    // transaction over its concurrency slots, so a burst costs a few round trips per batch.
    work: { batchSize: 50, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 },
  },
  // The safety net of deliveries a worker attempts itself right after routing them (the hand-off,
  // lib/pipeline/dispatch/hand-off.ts): one job per routed batch, due only once those attempts are
  // surely over, and deleted by that worker once they are recorded. It runs only when that did not
  // happen (the worker died, or the database failed the attempt): then it attempts its deliveries
  // like a batch of deliver jobs; those already settled are no-ops. One row per batch instead of
  // one per delivery: a job's insert and delete cost PostgreSQL ~75 µs per delivery at 1,000/s.
  "deliver-handed-off": {
    payload: z.object({ deliveryIds: z.array(z.uuid()).min(1).max(JOB_DELIVERIES) }),
    queue: { ...OUTAGE_RETRIES, expireInSeconds: 180, heartbeatSeconds: HEARTBEAT_SECONDS },
    // Always future-dated, which NOTIFY does not announce; only ever due after a worker died.
    work: { pollingIntervalSeconds: 2 },
  },
  // One probe of a destination whose circuit is open (lib/pipeline/dispatch/probe-destination.ts): one real
  // attempt of its oldest waiting delivery, due at circuit_next_probe_at. Every change that leaves a
  // circuit open sends the job for its next probe in the same transaction; a job that finds the
  // probe not due (superseded), the circuit closed or the destination paused does nothing, and an
  // advisory lock keeps two workers from probing one destination at once. retryLimit covers the
  // handler failing (database trouble), not the endpoint failing.
  "probe-destination": {
    payload: z.object({ destinationId: z.uuid() }),
    // Outlasts the longest request (timeoutMs at most 60 s) plus its transaction, like deliver.
    queue: { notify: true, retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 180, heartbeatSeconds: HEARTBEAT_SECONDS },
    // Probes are future-dated (10 s, 20 s, 40 s, 60 s), which NOTIFY does not announce.
    work: { pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 2 },
  },
  // Every minute (worker/start-worker.ts): a probe job for each open circuit whose probe is overdue
  // (lib/pipeline/dispatch/sweep-circuits.ts), so a circuit never stays open for want of a job: circuits the
  // migration opened, or a probe job that ran out of retries while the database was away.
  "circuit-sweep": {
    payload: z.object({}),
    queue: { retryLimit: 1, retryDelay: 10, expireInSeconds: 60 },
  },
  // One batch of a bulk retry or replay (lib/bulk-operations/run-bulk-operation-batch.ts); each
  // batch queues the next in the transaction that records its progress. A failing batch marks the
  // operation failed itself, so retries only cover the database being unreachable.
  "bulk-operation": {
    payload: z.object({ operationId: z.uuid() }),
    queue: { notify: true, ...OUTAGE_RETRIES, expireInSeconds: 300, heartbeatSeconds: HEARTBEAT_SECONDS },
  },
  // Names a source's stored events again after its summary template changed
  // (lib/summaries/refresh-event-summaries.ts). Stately, keyed by source: one runs and at most one
  // more waits per source, however often the template is edited.
  "refresh-summaries": {
    payload: z.object({ sourceId: z.uuid() }),
    queue: { policy: "stately", ...OUTAGE_RETRIES, expireInSeconds: 300, heartbeatSeconds: HEARTBEAT_SECONDS },
  },
  // Deletes what is past RETENTION_DAYS / AUDIT_RETENTION_DAYS (lib/housekeeping/run-retention.ts);
  // sent hourly by pg-boss's scheduler (worker/start-worker.ts). A run stops itself after 45
  // minutes, inside the expiry, and the next one carries on.
  retention: {
    payload: z.object({}),
    queue: { retryLimit: 2, retryDelay: 300, expireInSeconds: 3600 },
  },
  // Every minute (worker/start-worker.ts): every alert rule against the database
  // (lib/alerts/evaluate-alerts.ts), under one advisory lock, so two workers never fire one alert twice.
  "evaluate-alerts": {
    payload: z.object({}),
    queue: { retryLimit: 1, retryDelay: 10, expireInSeconds: 120 },
  },
  // One message about one alert to one channel (lib/alerts/send-alert-notification.ts), sent by the
  // evaluation's transaction. Retried with backoff while the channel fails for now (5xx, timeout, SMTP
  // down): 6 tries over about 10 minutes; a permanent failure completes the job and is recorded.
  "send-alert-notification": {
    payload: z.object({ notificationId: z.uuid() }),
    queue: { notify: true, retryLimit: 5, retryDelay: 20, retryBackoff: true, retryDelayMax: 300, expireInSeconds: 120 },
  },
} satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof jobs;
export type JobPayload<Name extends JobName> = z.infer<(typeof jobs)[Name]["payload"]>;
export const jobNames = Object.keys(jobs) as JobName[];

/** The queue's polling overrides, if it has any. */
export function workOptions(name: JobName): NonNullable<JobDefinition["work"]> {
  const definition: JobDefinition = jobs[name];
  return definition.work ?? {};
}

const globalForQueue = globalThis as unknown as { switchyardBoss?: Promise<PgBoss> };

export interface BossOptions {
  connectionString: string;
  /** Workers also run pg-boss maintenance and hold a LISTEN connection; senders do neither. */
  role: "sender" | "worker";
}

export function createBoss({ connectionString, role }: BossOptions): PgBoss {
  // pg-boss hands its options to its pg.Pool as they are, so the pool keeps idle connections as long
  // as ours do (POOL_IDLE_TIMEOUT_MS); its own type does not list the option.
  const options: ConstructorOptions & Pick<pg.PoolConfig, "idleTimeoutMillis"> = {
    connectionString,
    schema: BOSS_SCHEMA,
    application_name: `switchyard-${role}`,
    max: role === "worker" ? 10 : 4,
    idleTimeoutMillis: POOL_IDLE_TIMEOUT_MS,
    supervise: role === "worker",
    superviseIntervalSeconds: SUPERVISE_SECONDS,
    monitorIntervalSeconds: SUPERVISE_SECONDS,
    schedule: role === "worker",
    useListenNotify: role === "worker",
  };
  // Measured and left out (stop 44): the worker's pg-boss connections with synchronous_commit off,
  // so that a fetch, a completion or a deletion (all of which only re-run an idempotent job if lost)
  // does not wait for a WAL flush. At 200 events/s, 3 alternated pairs: second-phase p50 29.4-33.3 ms
  // against 26.1-30.3, PostgreSQL's CPU 4.41-4.47 ms an event against 4.10-4.22. No gain.
  // Also measured and left out (stop 45): pg-boss's own statements kept prepared (a pg.Client
  // subclass as this pool's `Client`), since PostgreSQL plans each on every call (at 200 events/s:
  // route-event's fetch 0.49 ms, a completion 0.35, a deletion 0.27). The fetch must not be: it has
  // its queue's name and batch size written in and no values, so PostgreSQL keeps the one plan it
  // made on the first call, on a nearly empty job table, and that plan joins back through every
  // route-event row (completed jobs stay for their retention): 5.95 ms and 3,491 buffers a call
  // within a minute, against 0.31 ms and 63 planned each time. Preparing only the statements with
  // values (completion, deletion) left PostgreSQL's CPU an event where it was (4.26, 4.28 ms
  // against 4.40, 4.23; 2 alternated pairs).
  const boss = new PgBoss(options);
  // pg-boss keeps polling, supervising and re-LISTENing through an outage, and reports every failed
  // round as an error: while the database is away that is one line per queue per second.
  boss.on("error", (error: unknown) => {
    if (isDatabaseUnavailable(error)) databaseOutage().error(error, { where: `pg-boss ${role}` });
    else log.error("pg-boss error", { role, error });
  });
  return boss;
}

/** Creates every queue with its options, or brings an existing queue's options up to date. */
export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const name of jobNames) {
    const options: Omit<Queue, "name"> = jobs[name].queue;
    await boss.createQueue(name, options);
    // A queue's policy is fixed when it is created (pg-boss refuses to change it).
    const { policy: _policy, ...changeable } = options;
    await boss.updateQueue(name, changeable);
  }
}

/** The process-wide sender used by the web app; started lazily on first use. */
export function sender(): Promise<PgBoss> {
  globalForQueue.switchyardBoss ??= (async () => {
    const boss = createBoss({ connectionString: env().DATABASE_URL, role: "sender" });
    await boss.start();
    return boss;
  })().catch((error: unknown) => {
    globalForQueue.switchyardBoss = undefined;
    throw error;
  });
  return globalForQueue.switchyardBoss;
}

export interface SendJobOptions<Name extends JobName> {
  name: Name;
  payload: JobPayload<Name>;
  /** Run the insert on this connection, e.g. inside the caller's transaction. */
  db?: Db;
  boss?: PgBoss;
  /** Not before this time (a Date, compared with the database clock). */
  startAfter?: Date;
  /** pg-boss singleton key (only meaningful with a queue policy or singletonSeconds that uses it). */
  singletonKey?: string;
}

export async function sendJob<Name extends JobName>({ name, payload, db, boss, startAfter, singletonKey }: SendJobOptions<Name>): Promise<string> {
  const data = jobs[name].payload.parse(payload);
  const instance = boss ?? (await sender());
  const id = await instance.send(name, data, {
    ...(db ? { db } : {}),
    ...(startAfter ? { startAfter } : {}),
    ...(singletonKey ? { singletonKey } : {}),
  });
  if (!id) throw new Error(`pg-boss did not accept a ${name} job`);
  return id;
}

/**
 * Like sendJob, for a queue whose policy keeps one job per key: a job already waiting for the key
 * makes this one unnecessary, so pg-boss's refusal is no error. Returns the job id, or null then.
 */
export async function sendJobOnce<Name extends JobName>({ name, payload, db, boss, singletonKey }: Omit<SendJobOptions<Name>, "startAfter">): Promise<string | null> {
  const data = jobs[name].payload.parse(payload);
  const instance = boss ?? (await sender());
  return instance.send(name, data, { ...(db ? { db } : {}), ...(singletonKey ? { singletonKey } : {}) });
}

const DELIVER_BATCH = 500;

/**
 * Enqueues one `deliver` job per delivery, in batches (retries, deferrals, a resume's backlog). Call
 * it inside the transaction that creates or changes the deliveries, so the rows and their jobs
 * commit together and no delivery is left without a job. Returns how many were enqueued.
 */
export async function enqueueDeliveries({
  deliveries,
  tx,
}: {
  /** startAfter: a time, or seconds from the database's clock. */
  deliveries: ReadonlyArray<{ id: string; startAfter?: Date | number | null }>;
  /** A Prisma transaction, or (hot paths) pg-boss's view of a plain pg transaction (onPgClient). */
  tx: Prisma.TransactionClient | Db;
}): Promise<number> {
  if (deliveries.length === 0) return 0;
  const boss = await sender();
  const db = "executeSql" in tx ? tx : inTransaction(tx);
  for (let start = 0; start < deliveries.length; start += DELIVER_BATCH) {
    const batch = deliveries.slice(start, start + DELIVER_BATCH).map((delivery) => ({
      data: jobs.deliver.payload.parse({ deliveryId: delivery.id }),
      ...(delivery.startAfter ? { startAfter: delivery.startAfter } : {}),
    }));
    await boss.insert("deliver", batch, { db });
  }
  return deliveries.length;
}

/** Enqueues the routing of events the receiver just stored (one commit's, at most ROUTE_JOB_EVENTS), in the transaction that stores them. */
export async function enqueueRouteEvents({ eventIds, tx }: { eventIds: string[]; tx: Db }): Promise<void> {
  await (await sender()).insert("route-event", [{ data: jobs["route-event"].payload.parse({ eventIds }) }], { db: tx });
}

/**
 * Enqueues deliveries just made, due at once, JOB_DELIVERIES to a job (routing's deliveries that it
 * does not attempt itself). In the transaction that creates them, as enqueueDeliveries.
 */
export async function enqueueNewDeliveries({ deliveryIds, tx }: { deliveryIds: readonly string[]; tx: Db }): Promise<void> {
  if (deliveryIds.length === 0) return;
  const boss = await sender();
  const batches: Array<{ data: JobPayload<"deliver"> }> = [];
  for (let start = 0; start < deliveryIds.length; start += JOB_DELIVERIES) {
    batches.push({ data: jobs.deliver.payload.parse({ deliveryIds: deliveryIds.slice(start, start + JOB_DELIVERIES) }) });
  }
  await boss.insert("deliver", batches, { db: tx });
}

/**
 * Enqueues the safety-net jobs of handed-off deliveries (see "deliver-handed-off" above), each with
 * its own id (the hand-off deletes it by that) and due `startAfterSeconds` from the database's clock.
 */
export async function enqueueHandedOff({ batches, startAfterSeconds, tx }: { batches: ReadonlyArray<{ jobId: string; deliveryIds: string[] }>; startAfterSeconds: number; tx: Db }): Promise<void> {
  if (batches.length === 0) return;
  const boss = await sender();
  const handedOff = batches.map(({ jobId, deliveryIds }) => ({ id: jobId, data: jobs["deliver-handed-off"].payload.parse({ deliveryIds }), startAfter: startAfterSeconds }));
  await boss.insert("deliver-handed-off", handedOff, { db: tx });
}

/**
 * Lets pg-boss insert its jobs inside a plain pg transaction (the hot paths use these). Its insert
 * is one fixed statement per option set, so it is kept prepared on the connection under a name
 * derived from its text (see prepared() in lib/db.ts): planning it cost more than running it.
 */
export function onPgClient(client: { query(config: PgBossStatement): Promise<{ rows: unknown[] }> }): Db {
  return {
    executeSql: async (text, values) => ({ rows: (await client.query(pgBossStatement(text, values))).rows }),
  };
}

/**
 * The statements pg-boss would run for `enqueue`, captured instead of run, for a caller that sends
 * them itself together with its COMMIT (inPipelinedTransaction, inOneRoundTrip in lib/db.ts). Asked of pg-boss's own
 * insert, so they are exactly what it runs, prepared as onPgClient prepares them. Only for inserts:
 * pg-boss reads nothing back from them unless asked for the new jobs' ids.
 */
export async function jobStatements(enqueue: (tx: Db) => Promise<void>): Promise<PgBossStatement[]> {
  const statements: PgBossStatement[] = [];
  await enqueue({
    executeSql: (text, values) => {
      statements.push(pgBossStatement(text, values));
      return Promise.resolve({ rows: [] });
    },
  });
  return statements;
}

type PgBossStatement = { name?: string; text: string; values?: unknown[] };

/** One of pg-boss's statements as node-postgres sends it: named (prepared) when it has values. */
function pgBossStatement(text: string, values: unknown[] | undefined): PgBossStatement {
  // A text without values may hold several statements (pg-boss joins some), which cannot be prepared.
  return values ? { name: pgBossStatementName(text), text, values } : { text };
}

const statementNames = new Map<string, string>();
function pgBossStatementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = statementName("pgboss", text);
    statementNames.set(text, name);
  }
  return name;
}

/** Lets pg-boss insert its job inside a Prisma interactive transaction (job and data commit together). */
export function inTransaction(tx: Prisma.TransactionClient): Db {
  return fromPrisma(tx);
}

export async function stopSender(): Promise<void> {
  const boss = globalForQueue.switchyardBoss;
  globalForQueue.switchyardBoss = undefined;
  if (boss) await (await boss).stop({ graceful: false, close: true });
}
