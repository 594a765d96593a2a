// Web and worker run on their own (`npm run web`, `npm run worker`, no launcher) against a
// PostgreSQL server this test starts, stops and starts again under load. Both wait for a database
// that is not there yet, ride out its restart without restarting themselves, answer 503 +
// Retry-After (never 500) while it is away, and lose nothing they acknowledged.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { startSink, type Sink } from "@/lib/testing/delivery-fixtures";
import { eventually } from "@/lib/testing/factories";
import { apiClient, ensureWebBuild, productEnv, setUpForwarding, startProductProcess, waitForHealthy, type ProductProcess } from "@/lib/testing/product-processes";
import { freePort } from "@/lib/testing/test-database";

interface Sent {
  marker: string;
  status: number;
  retryAfter: string | null;
  /** Sent while the database was stopped (between stop() returning and start() being called). */
  duringOutage: boolean;
}

let dir: string;
let server: EmbeddedPostgres | undefined;
let options: { dir: string; port: number; password: string };
let web: ProductProcess;
let worker: ProductProcess;
let sink: Sink;
let base: string;
let ingestUrl: string;
const sent: Sent[] = [];
let outage = false;
let loading = false;
let load: Promise<void> = Promise.resolve();

async function send(): Promise<void> {
  const marker = randomUUID();
  const duringOutage = outage;
  const response = await fetch(ingestUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "outage.test", marker }),
    signal: AbortSignal.timeout(15_000),
  }).catch(() => null);
  await response?.arrayBuffer().catch(() => undefined);
  sent.push({ marker, status: response?.status ?? 0, retryAfter: response?.headers.get("retry-after") ?? null, duringOutage });
}

/** Four senders in a loop until stopped, like a provider's steady trickle. */
function startLoad(): void {
  loading = true;
  load = Promise.all(
    Array.from({ length: 4 }, async () => {
      while (loading) {
        await send();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }),
  ).then(() => undefined);
}

const acknowledged = () => sent.filter((request) => request.status === 200);

async function query<T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: server!.url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  ensureWebBuild();
  dir = await mkdtemp(join(tmpdir(), "switchyard-outage-"));
  options = { dir: join(dir, "pg"), port: await freePort(), password: randomBytes(12).toString("hex") };
  // Create the cluster and its database once, then stop it: web and worker start with no database to talk to.
  const first = await startEmbeddedPostgres(options);
  const databaseUrl = first.url;
  await first.stop();
  sink = await startSink();
  const env = await productEnv({
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: randomBytes(32).toString("base64"),
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    WORKER_CONCURRENCY: "4",
  });
  base = `http://127.0.0.1:${env.PORT}`;
  env.APP_URL = base;
  web = startProductProcess({ script: "bin/web.ts", env });
  worker = startProductProcess({ script: "worker/index.ts", env });
  // Both are waiting for the database now; neither may give up.
  await eventually(() => /waiting for the database/.test(web.output()) && /waiting for the database/.test(worker.output()), { timeoutMs: 60_000 });
  server = await startEmbeddedPostgres({ ...options, watchdog: false });
  await waitForHealthy(base);
  ({ ingestUrl } = await setUpForwarding(apiClient(base, env.BOOTSTRAP_API_TOKEN), sink.url));
}, 300_000);

afterAll(async () => {
  loading = false;
  await load;
  await Promise.all([web?.stop(), worker?.stop()]);
  await server?.stop();
  await sink?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("web and worker while PostgreSQL restarts", () => {
  it("answer 503 with Retry-After while it is stopped, and resume by themselves when it is back", async () => {
    startLoad();
    await eventually(() => acknowledged().length >= 30, { timeoutMs: 60_000 });

    await server!.stop();
    outage = true;
    await eventually(() => sent.filter((request) => request.duringOutage).length >= 20, { timeoutMs: 60_000 });
    // A load balancer's anonymous probe learns that it is unavailable, never why (hosts, ports, errors).
    const probe = await fetch(`${base}/api/health`);
    expect(probe.status).toBe(503);
    expect(await probe.json()).toEqual({ status: "unavailable" });
    outage = false;
    server = await startEmbeddedPostgres({ ...options, watchdog: false });
    const before = acknowledged().length;
    await eventually(() => acknowledged().length >= before + 30, { timeoutMs: 120_000 });
    loading = false;
    await load;

    const duringOutage = sent.filter((request) => request.duringOutage);
    expect(duringOutage.map((request) => request.status)).toEqual(duringOutage.map(() => 503));
    expect(new Set(duringOutage.map((request) => request.retryAfter))).toEqual(new Set(["10"]));
    expect(sent.filter((request) => request.status !== 200 && request.status !== 503)).toEqual([]);
    // Neither process restarted: they are the ones started before the outage.
    expect([web.child.exitCode, worker.child.exitCode, web.child.signalCode, worker.child.signalCode]).toEqual([null, null, null, null]);
  }, 300_000);

  it("stored and delivered every acknowledged webhook; a repeat only for an attempt cut mid-flight", async () => {
    const markers = acknowledged().map((request) => request.marker);
    const stored = await query<{ marker: string }>(`SELECT payload->>'marker' AS marker FROM events WHERE payload->>'marker' = ANY($1::text[])`, [markers]);
    expect(new Set(stored.map((row) => row.marker))).toEqual(new Set(markers));

    const arrivals = (marker: string) => sink.requests.filter((request) => request.body.toString("utf8").includes(marker)).length;
    await eventually(() => markers.every((marker) => arrivals(marker) > 0), { timeoutMs: 120_000 });
    const recordedAttempts = () =>
      query<{ marker: string; recorded: number; succeeded: number }>(
        `SELECT e.payload->>'marker' AS marker, count(a.id)::int AS recorded,
                count(a.id) FILTER (WHERE a.response_status BETWEEN 200 AND 299)::int AS succeeded
         FROM events e JOIN deliveries d ON d.event_id = e.id LEFT JOIN delivery_attempts a ON a.delivery_id = d.id
         WHERE e.payload->>'marker' = ANY($1::text[]) GROUP BY 1`,
        [markers],
      );
    // The sink sees a request before its attempt is committed (a destination's batch commits after
    // its last request): wait for the records, then check them.
    await eventually(async () => (await recordedAttempts()).every((row) => row.succeeded > 0), { timeoutMs: 60_000 });
    const attempts = await recordedAttempts();
    expect(attempts).toHaveLength(markers.length);
    for (const row of attempts) {
      expect(row.succeeded, `marker ${row.marker}`).toBe(1);
      // The endpoint may have seen one more request than was recorded: the attempt whose transaction
      // died with the database (at-least-once), never more than that.
      expect(arrivals(row.marker), `marker ${row.marker}`).toBeLessThanOrEqual(row.recorded + 1);
    }
  }, 180_000);

  it("both stop cleanly on SIGTERM afterwards", async () => {
    expect(await Promise.all([web.stop(), worker.stop()])).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
  }, 60_000);
});
