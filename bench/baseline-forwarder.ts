// The bare baseline's worker for bench:routing: what is left of routing and delivery when all that
// stays is the pipeline's durable hops. With bench/baseline-server.ts (group commit) in front of it,
// it makes the whole path receive → store → queue → route → deliver, on the same PostgreSQL and
// pg-boss as the product (lib/queue: the same queue options, the product's `route-event` work
// options), and nothing else: no rules, traces, locks, concurrency slots, safety-net jobs,
// retries, metrics or live notifications.
//
// Per batch of route-event jobs (one fetch):
//   1. one statement, committed before anything is sent (as routing commits deliveries before their
//      attempts): marks the events routed and inserts a delivery row per event, returning the bodies;
//   2. without holding up the next fetch (as the product's hand-off does), POSTs each body to
//      BASELINE_FORWARD_URL over keep-alive connections (at most BASELINE_FORWARD_CONCURRENCY at
//      once, the product destination's default maxConcurrency), signed as Standard Webhooks;
//   3. once the batch's requests are answered, one statement records an attempt row per delivery and
//      its new status.
// pg-boss completes the jobs when step 1 is committed. Unlike the product, a delivery whose process
// dies between 1 and 3 is never sent: there is no safety net, which is part of what this leaves out.
//
// Env: BASELINE_DATABASE_URL, BASELINE_TABLE (the events table bench/baseline-server.ts writes),
// BASELINE_FORWARD_URL, BASELINE_FORWARD_CONCURRENCY (default 10). Reports ready over IPC; stops on
// SIGTERM/SIGINT or when the parent goes away, after the deliveries under way are recorded.
import { createHmac, randomBytes } from "node:crypto";
import { Agent, request } from "node:http";
import pg from "pg";
import { createBoss, workOptions } from "@/lib/queue";

const REQUEST_TIMEOUT_MS = 15_000;
const MAX_LOGGED_ERRORS = 5;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const databaseUrl = required("BASELINE_DATABASE_URL");
const events = required("BASELINE_TABLE");
const forwardUrl = new URL(required("BASELINE_FORWARD_URL"));
const concurrency = Number(process.env.BASELINE_FORWARD_CONCURRENCY ?? 10);
if (!/^[a-z_][a-z0-9_]*$/.test(events)) throw new Error("BASELINE_TABLE must be a plain table name");
if (forwardUrl.protocol !== "http:") throw new Error("BASELINE_FORWARD_URL must be an http:// URL");
const deliveries = `${events}_deliveries`;
const attempts = `${events}_attempts`;
const signingSecret = randomBytes(32);

const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, application_name: "switchyard-bench-baseline-forwarder" });
const boss = createBoss({ connectionString: databaseUrl, role: "worker" });
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const underWay = new Set<Promise<void>>();
let loggedErrors = 0;

function logError(message: string, error: unknown): void {
  if (loggedErrors >= MAX_LOGGED_ERRORS) return;
  loggedErrors += 1;
  const detail = error instanceof Error ? error.message : String(error);
  process.stderr.write(`[baseline-forwarder] ${message}: ${detail}${loggedErrors === MAX_LOGGED_ERRORS ? " (further errors not logged)" : ""}\n`);
}

const ROUTE = `
  WITH ev AS (SELECT id, body FROM ${events} WHERE id = ANY($1::uuid[])),
  routed AS (UPDATE ${events} e SET status = 'routed', processed_at = now() FROM ev WHERE e.id = ev.id),
  made AS (INSERT INTO ${deliveries} (event_id) SELECT id FROM ev RETURNING id, event_id)
  SELECT made.id, ev.body FROM made JOIN ev ON ev.id = made.event_id`;

const RECORD = `
  WITH r AS (SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[]) AS r(id, response_status, duration_ms)),
  attempted AS (INSERT INTO ${attempts} (delivery_id, response_status, duration_ms) SELECT id, response_status, duration_ms FROM r)
  UPDATE ${deliveries} d SET status = CASE WHEN r.response_status BETWEEN 200 AND 299 THEN 'succeeded' ELSE 'failed' END,
                             attempts = d.attempts + 1, updated_at = now()
  FROM r WHERE d.id = r.id`;

interface Sent {
  id: string;
  status: number;
  durationMs: number;
}

/** One signed POST; resolves with the answer's status, or 0 for a socket error or timeout. */
function send(id: string, body: Buffer): Promise<Sent> {
  const started = performance.now();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac("sha256", signingSecret).update(`${id}.${timestamp}.`).update(body).digest("base64");
  return new Promise((resolve) => {
    const done = (status: number) => resolve({ id, status, durationMs: Math.round(performance.now() - started) });
    const req = request(
      forwardUrl,
      {
        method: "POST",
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers: {
          "content-type": "application/json",
          "content-length": String(body.length),
          "webhook-id": id,
          "webhook-timestamp": timestamp,
          "webhook-signature": `v1,${signature}`,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => done(res.statusCode ?? 0));
        res.on("error", () => done(0));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", () => done(0));
    req.end(body);
  });
}

async function deliver(made: Array<{ id: string; body: Buffer }>): Promise<void> {
  const sent = await Promise.all(made.map((delivery) => send(delivery.id, delivery.body)));
  await pool.query(RECORD, [sent.map((s) => s.id), sent.map((s) => s.status), sent.map((s) => s.durationMs)]);
}

async function route(jobs: Array<{ data: unknown }>): Promise<void> {
  const eventIds = jobs.flatMap((job) => (job.data as { eventIds?: string[] }).eventIds ?? []);
  if (eventIds.length === 0) return;
  const { rows: made } = await pool.query<{ id: string; body: Buffer }>(ROUTE, [eventIds]);
  const task = deliver(made)
    .catch((error: unknown) => logError("deliveries not recorded", error))
    .finally(() => underWay.delete(task));
  underWay.add(task);
}

async function main(): Promise<void> {
  await pool.query(`CREATE TABLE IF NOT EXISTS ${deliveries} (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(), event_id uuid NOT NULL, status text NOT NULL DEFAULT 'pending',
    attempts int NOT NULL DEFAULT 0, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())`);
  await pool.query(`CREATE TABLE IF NOT EXISTS ${attempts} (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(), delivery_id uuid NOT NULL, response_status int NOT NULL, duration_ms int NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now())`);
  await boss.start();
  // The product worker's fetch loop for this queue (worker/start-worker.ts, lib/queue.ts).
  await boss.work("route-event", { burstWhenBatchFull: true, ...workOptions("route-event") }, route);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void boss
      .stop({ graceful: true, close: true, timeout: 10_000 })
      .then(() => Promise.allSettled([...underWay]))
      .then(() => Promise.allSettled([pool.end()]))
      .then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  process.on("disconnect", stop);
  if (process.send) process.send({ type: "ready" });
  else process.stdout.write(`baseline forwarder working route-event jobs into ${forwardUrl.href}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[baseline-forwarder] failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  void Promise.allSettled([boss.stop({ graceful: false, close: true }), pool.end()]).then(() => process.exit(1));
});
