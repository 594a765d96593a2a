// The bare baseline for the ingest benchmark: a plain node:http server and a pg Pool doing the same
// durable work per webhook as the product, and nothing else: read the body, verify the GitHub
// HMAC (crypto.timingSafeEqual), then in ONE transaction insert the event row (unique dedupe key)
// and enqueue the pg-boss "route-event" job on that transaction's connection, commit, answer 200.
// The pg-boss instance and queue options are the product's own (lib/queue), so the enqueue costs
// the same. Run by bench/ingest.ts as a child process (its own event loop); it reports its port
// over IPC and stops on SIGTERM/SIGINT or when the parent goes away.
//
// Env: BASELINE_DATABASE_URL, BASELINE_SECRET, BASELINE_KEY (the /in/<key> path), BASELINE_SOURCE_ID
// (a uuid stored in every row), BASELINE_POOL_MAX (default 10, like the product's Prisma pool).
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import pg from "pg";
import type { Db } from "pg-boss";
import { createBoss, ensureQueues } from "@/lib/queue";

const BODY_LIMIT_BYTES = 1024 * 1024;
const SIGNATURE_PREFIX = "sha256=";
const REDACTED_HEADERS = new Set(["authorization", "proxy-authorization", "cookie"]);
const MAX_LOGGED_ERRORS = 5;
const SHUTDOWN_GRACE_MS = 10_000;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const databaseUrl = required("BASELINE_DATABASE_URL");
const secret = required("BASELINE_SECRET");
const ingestPath = `/in/${required("BASELINE_KEY")}`;
const sourceId = required("BASELINE_SOURCE_ID");
const poolMax = Number(process.env.BASELINE_POOL_MAX ?? 10);

// Mirrors the product's events table: the columns written on ingest, its unique (source, dedupe
// key) index and its two secondary indexes (index maintenance is part of the durable work).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS bench_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source_id uuid NOT NULL,
  received_at timestamptz(3) NOT NULL DEFAULT now(),
  method text NOT NULL,
  headers jsonb NOT NULL,
  content_type text,
  body bytea NOT NULL,
  body_size integer NOT NULL,
  payload jsonb,
  status text NOT NULL DEFAULT 'received',
  dedupe_key text,
  duplicate_count integer NOT NULL DEFAULT 0,
  last_duplicate_at timestamptz(3),
  UNIQUE (source_id, dedupe_key)
);
CREATE INDEX IF NOT EXISTS bench_events_received_at_idx ON bench_events (received_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS bench_events_source_received_at_idx ON bench_events (source_id, received_at DESC);
`;

const INSERT_EVENT = `
INSERT INTO bench_events (source_id, method, headers, content_type, body, body_size, payload, dedupe_key)
VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7::jsonb, $8)
ON CONFLICT (source_id, dedupe_key)
  DO UPDATE SET duplicate_count = bench_events.duplicate_count + 1, last_duplicate_at = now()
RETURNING id, (xmax = 0) AS inserted`;

const pool = new pg.Pool({
  connectionString: databaseUrl,
  max: poolMax,
  application_name: "switchyard-bench-baseline",
});
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

/** The body, or null when it is larger than the limit. */
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

/** The body as JSON text when the content type says JSON and it parses; null otherwise. */
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
  const values = [
    sourceId,
    request.method,
    recordHeaders(request),
    contentType,
    body,
    body.length,
    jsonPayload(body, contentType),
    header(request, "x-github-delivery")?.trim() || null,
  ];

  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    logError("no database connection", error);
    return answer(response, 503, { error: "temporarily_unavailable" });
  }
  let release: Error | undefined;
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ id: string; inserted: boolean }>(INSERT_EVENT, values);
    const event = rows[0];
    if (!event) throw new Error("the insert returned no row");
    if (event.inserted) {
      const inTransaction: Db = { executeSql: (text, parameters) => client.query(text, parameters) };
      const jobId = await boss.send("route-event", { eventId: event.id }, { db: inTransaction });
      if (!jobId) throw new Error("pg-boss did not accept the route-event job");
    }
    await client.query("COMMIT");
    answer(response, 200, { ok: true, eventId: event.id, duplicate: !event.inserted });
  } catch (error) {
    logError("event could not be stored", error);
    await client.query("ROLLBACK").catch((rollbackError: unknown) => {
      release = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    answer(response, 503, { error: "temporarily_unavailable" });
  } finally {
    client.release(release);
  }
}

async function main(): Promise<void> {
  await pool.query(SCHEMA);
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
