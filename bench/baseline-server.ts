// The bare baselines for the ingest benchmark: a plain node:http server and a pg Pool doing the same
// durable work per webhook as the product, and nothing else: read the body, verify the GitHub
// HMAC (crypto.timingSafeEqual), store the event row (unique dedupe key) and its pg-boss
// "route-event" job in ONE transaction, commit, answer 200. Two modes (BASELINE_MODE):
//   per-request    one transaction per webhook (BEGIN, INSERT, the job's insert, COMMIT);
//   group-commit   verified webhooks that arrive while commits are in flight wait and go together in
//                  the next one (at most 128, 4 commits in flight): one multi-row INSERT, one job naming them, one COMMIT
//                  for all of them, and each is answered once that commit is done.
// The table is the product's own `events` (the baseline database is migrated like the product's,
// then `LIKE events INCLUDING ALL` copies its columns, defaults and every index, GIN included; no
// triggers) and the pg-boss instance and queue options are the product's (lib/queue), so the
// durable work costs the same. Run by bench/ingest.ts, and by bench/routing.ts in front of
// bench/baseline-forwarder.ts, as a child process (its own event loop); it
// reports its port over IPC and stops on SIGTERM/SIGINT or when the parent goes away.
//
// Env: BASELINE_DATABASE_URL, BASELINE_SECRET, BASELINE_KEY (the /in/<key> path), BASELINE_SOURCE_ID
// (a uuid stored in every row), BASELINE_MODE (per-request | group-commit), BASELINE_TABLE (a table
// of its own per run), BASELINE_POOL_MAX (default 10).
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { join } from "node:path";
import pg from "pg";
import type { Db } from "pg-boss";
import { v7 as timeOrderedUuid } from "uuid";
import { createBoss, ensureQueues } from "@/lib/queue";
import { applyMigrations } from "@/lib/runtime/migrate";

const BODY_LIMIT_BYTES = 1024 * 1024;
const SIGNATURE_PREFIX = "sha256=";
const REDACTED_HEADERS = new Set(["authorization", "proxy-authorization", "cookie"]);
const MAX_LOGGED_ERRORS = 5;
const SHUTDOWN_GRACE_MS = 10_000;
const MAX_BATCH = 128;
const MAX_BATCHES_IN_FLIGHT = 4;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const databaseUrl = required("BASELINE_DATABASE_URL");
const secret = required("BASELINE_SECRET");
const ingestPath = `/in/${required("BASELINE_KEY")}`;
const sourceId = required("BASELINE_SOURCE_ID");
const mode = required("BASELINE_MODE");
const table = required("BASELINE_TABLE");
const poolMax = Number(process.env.BASELINE_POOL_MAX ?? 10);
if (mode !== "per-request" && mode !== "group-commit") throw new Error("BASELINE_MODE must be per-request or group-commit");
if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error("BASELINE_TABLE must be a plain table name");

// The columns the product's receiver writes, with their types; the row's id is made here so each
// row of a multi-row INSERT can be matched to its request, time-ordered (UUIDv7) as the product's;
// group commit keeps up to 4 commits in flight as the product does. The same choices, so a ratio
// measures the product's own overhead.
const COLUMNS = ["id", "source_id", "method", "query", "headers", "content_type", "body", "body_size", "payload", "verification", "event_type", "dedupe_key"];
const TYPES = ["uuid", "uuid", "text", "text", "jsonb", "text", "bytea", "int", "jsonb", "jsonb", "text", "text"];
const DEDUPE_KEY = COLUMNS.indexOf("dedupe_key");

/** One INSERT for `count` rows; a dedupe key seen before counts as a duplicate of the stored row. */
function insertSql(count: number): string {
  const rows = Array.from({ length: count }, (_, row) => `(${TYPES.map((type, column) => `$${row * COLUMNS.length + column + 1}::${type}`).join(", ")})`);
  return `INSERT INTO ${table} (${COLUMNS.join(", ")}) VALUES ${rows.join(", ")}
          ON CONFLICT (source_id, dedupe_key) DO UPDATE SET duplicate_count = ${table}.duplicate_count + 1, last_duplicate_at = now()
          RETURNING id, dedupe_key, (xmax = 0) AS inserted`;
}

const pool = new pg.Pool({ connectionString: databaseUrl, max: poolMax, application_name: "switchyard-bench-baseline" });
pool.on("error", (error) => logError("idle connection lost", error));
const boss = createBoss({ connectionString: databaseUrl, role: "sender" });
let loggedErrors = 0;

function logError(message: string, error: unknown): void {
  if (loggedErrors >= MAX_LOGGED_ERRORS) return;
  loggedErrors += 1;
  const detail = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `[baseline] ${message}: ${detail}${loggedErrors === MAX_LOGGED_ERRORS ? " (further errors not logged)" : ""}\n`,
  );
}
function answer(response: ServerResponse, status: number, body: Record<string, unknown>): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}
function readBody(request: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on("data", (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on("end", () => resolve(tooLarge ? null : Buffer.concat(chunks, size)));
    request.on("error", reject);
  });
}
function header(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}
function verifySignature(body: Buffer, signatureHeader: string | null): boolean {
  if (!signatureHeader?.startsWith(SIGNATURE_PREFIX)) return false;
  const hex = signatureHeader.slice(SIGNATURE_PREFIX.length).trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
  const given = Buffer.from(hex, "hex");
  const expected = createHmac("sha256", secret).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
function recordHeaders(request: IncomingMessage): string {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    record[name] = REDACTED_HEADERS.has(name) ? "[redacted]" : Array.isArray(value) ? value.join(", ") : value;
  }
  return JSON.stringify(record);
}
function jsonPayload(body: Buffer, contentType: string | null): string | null {
  if (!contentType?.toLowerCase().includes("json")) return null;
  const text = body.toString("utf8");
  try {
    JSON.parse(text);
    return text;
  } catch {
    return null;
  }
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== "POST") return answer(response, 405, { error: "method_not_allowed" });
  if (request.url !== ingestPath) return answer(response, 404, { error: "source_not_found" });

  const body = await readBody(request);
  if (body === null) return answer(response, 413, { error: "payload_too_large" });
  if (!verifySignature(body, header(request, "x-hub-signature-256")))
    return answer(response, 401, { error: "signature_mismatch" });

  const contentType = header(request, "content-type");
  const row = [
    timeOrderedUuid(),
    sourceId,
    request.method,
    "",
    recordHeaders(request),
    contentType,
    body,
    body.length,
    jsonPayload(body, contentType),
    JSON.stringify({ scheme: "github", verified: true }),
    header(request, "x-github-event"),
    header(request, "x-github-delivery")?.trim() || null,
  ];
  try {
    const event = mode === "group-commit" ? await storeInNextBatch(row) : await storeAlone(row);
    answer(response, 200, { ok: true, eventId: event.id, duplicate: !event.inserted });
  } catch (error) {
    logError("event could not be stored", error);
    answer(response, 503, { error: "temporarily_unavailable" });
  }
}

interface Stored {
  id: string;
  inserted: boolean;
}

/** Runs `work` in a transaction on a pooled connection; a failed one is rolled back (or the connection dropped). */
async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/** Stores `rows` (no dedupe key twice) and the route-event job of the new ones, on one transaction. */
async function insertRows(client: pg.PoolClient, rows: unknown[][]): Promise<Stored[]> {
  const { rows: stored } = await client.query<Stored & { dedupe_key: string | null }>(insertSql(rows.length), rows.flat());
  const inserted = stored.filter((event) => event.inserted);
  if (inserted.length > 0) {
    const onClient: Db = { executeSql: (text, parameters) => client.query(text, parameters) };
    // As the product does: one job naming every event the commit stored.
    await boss.insert("route-event", [{ data: { eventIds: inserted.map((event) => event.id) } }], { db: onClient });
  }
  // Each request's row: by the id it was given, or, for a duplicate, by its dedupe key.
  return rows.map((row) => {
    const match = stored.find((event) => event.id === row[0] || (event.dedupe_key !== null && event.dedupe_key === row[DEDUPE_KEY]));
    if (!match) throw new Error("the insert returned no row for a request");
    return match;
  });
}

async function storeAlone(row: unknown[]): Promise<Stored> {
  return inTransaction(async (client) => (await insertRows(client, [row]))[0]!);
}

// Group commit: webhooks wait while MAX_BATCHES_IN_FLIGHT commits are under way, then go together.
const waiting: Array<{ row: unknown[]; resolve: (stored: Stored) => void; reject: (error: unknown) => void }> = [];
let inFlight = 0;
let flushScheduled = false;

function storeInNextBatch(row: unknown[]): Promise<Stored> {
  return new Promise((resolve, reject) => {
    waiting.push({ row, resolve, reject });
    scheduleFlush();
  });
}

function scheduleFlush(): void {
  if (flushScheduled || inFlight >= MAX_BATCHES_IN_FLIGHT || waiting.length === 0) return;
  flushScheduled = true;
  // After this turn of the event loop, so requests parsed in the same turn go together.
  setImmediate(() => {
    flushScheduled = false;
    void flush();
  });
}

async function flush(): Promise<void> {
  // A dedupe key twice in one INSERT would touch its row twice (an error): a repeat waits for the next batch.
  const keys = new Set<unknown>();
  const batch: typeof waiting = [];
  for (let index = 0; index < waiting.length && batch.length < MAX_BATCH; ) {
    const key = waiting[index]!.row[DEDUPE_KEY];
    if (key !== null && keys.has(key)) {
      index++;
      continue;
    }
    keys.add(key);
    batch.push(...waiting.splice(index, 1));
  }
  inFlight++;
  scheduleFlush();
  try {
    const stored = await inTransaction((client) => insertRows(client, batch.map((item) => item.row)));
    batch.forEach((item, index) => item.resolve(stored[index]!));
  } catch (error) {
    for (const item of batch) item.reject(error);
  } finally {
    inFlight--;
    scheduleFlush();
  }
}

async function main(): Promise<void> {
  await applyMigrations({ connectionString: databaseUrl, migrationsDir: join(process.cwd(), "prisma", "migrations") });
  await pool.query(`CREATE TABLE IF NOT EXISTS ${table} (LIKE events INCLUDING ALL)`);
  await boss.start();
  await ensureQueues(boss);

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logError("unhandled request error", error);
      if (!response.headersSent) answer(response, 500, { error: "internal" });
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("the server has no address");

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    server.close(() => {
      clearTimeout(force);
      void Promise.allSettled([boss.stop({ graceful: false, close: true }), pool.end()]).then(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  process.on("disconnect", stop);

  if (process.send) process.send({ type: "ready", port: address.port });
  else process.stdout.write(`baseline listening on http://127.0.0.1:${address.port}${ingestPath}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[baseline] failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  void Promise.allSettled([boss.stop({ graceful: false, close: true }), pool.end()]).then(() => process.exit(1));
});
