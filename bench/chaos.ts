// `npm run bench:chaos`: runs steady signed webhook load through the product as `npm start` runs
// it, with a rule forwarding every event to a local sink, and injects the faults of an ordinary
// day one at a time:
//   worker         kill -9 of the worker process
//   web            kill -9 of the web process
//   postgres-kill  kill -9 of the embedded PostgreSQL's postmaster
//   destination    the sink answers 503 for BENCH_DESTINATION_DOWN_SECONDS, then recovers
//   straggler      the sink leaves one request unanswered for BENCH_STRAGGLER_SECONDS (less than the
//                  destination's 15 s timeout), then answers it; the others it answers as usual
//   postgres-stop  PostgreSQL stopped for BENCH_OUTAGE_SECONDS, then started again (a second product
//                  run on a server the bench owns, since the launcher restarts its own at once)
// For each fault it prints what was acknowledged, stored, delivered, duplicated and lost, how many
// answers were 500 and 503, how long ingest was unavailable and how long after the fault (or after
// its end) deliveries were flowing again. Figures are reported, never failed on; the exit code is 1
// only when an acknowledged webhook was lost or never delivered, or the harness broke.
// See bench/README.md.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { childProcesses, postmasterPid } from "@/lib/testing/product-processes";
import { freePort } from "@/lib/testing/test-database";
import {
  HarnessError,
  checkpoint,
  isInterrupted,
  loadLine,
  machineLine,
  nowMs,
  numberFromEnv,
  onCleanup,
  onStop,
  percentile,
  quick,
  runMain,
  sleep,
  sortedNumbers,
  startProduct,
  table,
  type RunningProduct,
} from "./lib/harness";
import { Sender, startSink, type Sent, type Sink } from "./lib/pipeline";

const FAULTS = ["worker", "web", "postgres-kill", "destination", "straggler", "postgres-stop"] as const;
type Fault = (typeof FAULTS)[number];

function readConfig() {
  const faults = (process.env.BENCH_FAULTS ?? FAULTS.join(",")).split(",").map((name) => name.trim());
  for (const fault of faults) if (!(FAULTS as readonly string[]).includes(fault)) throw new HarnessError(`BENCH_FAULTS: unknown fault "${fault}" (known: ${FAULTS.join(", ")})`);
  return {
    faults: faults as Fault[],
    rate: numberFromEnv("BENCH_RATE", 100),
    settleSeconds: numberFromEnv("BENCH_SETTLE_SECONDS", quick ? 3 : 10),
    outageSeconds: numberFromEnv("BENCH_OUTAGE_SECONDS", 10),
    destinationDownSeconds: numberFromEnv("BENCH_DESTINATION_DOWN_SECONDS", quick ? 20 : 90),
    stragglerSeconds: numberFromEnv("BENCH_STRAGGLER_SECONDS", 10),
    recoveryTimeoutSeconds: numberFromEnv("BENCH_RECOVERY_TIMEOUT", 300),
    drainTimeoutSeconds: numberFromEnv("BENCH_DRAIN_TIMEOUT", 300),
    startTimeoutSeconds: numberFromEnv("BENCH_START_TIMEOUT", 900),
  };
}
type Config = ReturnType<typeof readConfig>;

let stopping = false;
onStop(() => {
  stopping = true;
});

// ─── one product under load ──────────────────────────────────────────────────────────────────────

interface Target {
  product: RunningProduct;
  sink: Sink;
  sender: Sender;
  /** Where to look rows up (the embedded server's URL, or the bench's own server). */
  databaseUrl: string;
  destinationId: string;
}

/** Starts the product, a sink, and over the API a GitHub source forwarding everything to the sink. */
async function startTarget(name: string, config: Config, databaseUrl: string | undefined): Promise<Target> {
  const token = `swy_${randomBytes(32).toString("hex")}`;
  const product = await startProduct({
    name,
    databaseUrl,
    startTimeoutSeconds: config.startTimeoutSeconds,
    env: {
      BOOTSTRAP_API_TOKEN: token,
      ADMIN_EMAIL: "bench@example.com",
      ADMIN_PASSWORD: randomBytes(12).toString("hex"),
      // On a server of its own the launcher has no instance secrets to generate: give it some.
      AUTH_SECRET: randomBytes(32).toString("base64"),
      ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    },
  });
  const sink = await startSink();
  const api = async <T>(path: string, body: unknown): Promise<T> => {
    const response = await fetch(`${product.origin}/api/v1${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new HarnessError(`POST /api/v1${path} answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { data: T }).data;
  };
  const secret = randomBytes(32).toString("hex");
  const destination = await api<{ id: string }>("/destinations", { name: "chaos sink", url: sink.url, allowPrivateNetwork: true });
  const source = await api<{ id: string; ingestUrl: string }>("/sources", { name: "chaos", scheme: "github", secret });
  await api(`/sources/${source.id}/rules`, {
    name: "forward everything",
    conditions: { combinator: "and", rules: [] },
    actions: [{ type: "forward", destinationIds: [destination.id] }],
  });
  let url = databaseUrl;
  if (url === undefined) {
    const secrets = JSON.parse(await readFile(join(product.dataDir, "instance-secrets.json"), "utf8")) as { postgresPassword: string };
    url = `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${product.embeddedPgPort}/switchyard`;
  }
  const sender = new Sender(product.origin, new URL(source.ingestUrl).pathname, secret, 64);
  return { product, sink, sender, databaseUrl: url, destinationId: destination.id };
}

/** Open-loop load at `rate`/s until stopped; every request is labelled with the phase it was sent in. */
class Load {
  readonly records: Array<{ phase: string; sent: Promise<Sent> }> = [];
  phase = "warm-up";
  private running = true;
  private loop: Promise<void>;

  constructor(sender: Sender, rate: number) {
    this.loop = (async () => {
      const start = nowMs();
      for (let index = 0; this.running && !stopping; index++) {
        const wait = start + (index * 1000) / rate - nowMs();
        if (wait > 1) await sleep(wait);
        this.records.push({ phase: this.phase, sent: sender.send() });
      }
    })();
  }

  async stop(): Promise<Array<Sent & { phase: string }>> {
    this.running = false;
    await this.loop;
    return Promise.all(this.records.map(async (record) => ({ ...(await record.sent), phase: record.phase })));
  }
}

// ─── faults ──────────────────────────────────────────────────────────────────────────────────────

interface FaultRun {
  fault: Fault;
  /** When the fault was injected, and when it ended (the same moment for a kill). */
  injectedAt: number;
  endedAt: number;
}

function launcherChild(product: RunningProduct, pattern: RegExp): number {
  const child = childProcesses(product.child.pid!).find((process) => pattern.test(process.command));
  if (!child) throw new HarnessError(`no child process of the launcher matches ${pattern}`);
  return child.pid;
}

async function inject(fault: Fault, target: Target, config: Config, external: { server: EmbeddedPostgres | null; restart: () => Promise<EmbeddedPostgres> } | null): Promise<FaultRun> {
  const injectedAt = nowMs();
  switch (fault) {
    case "worker":
      process.kill(launcherChild(target.product, /worker\/index\.ts/), "SIGKILL");
      return { fault, injectedAt, endedAt: injectedAt };
    case "web":
      process.kill(launcherChild(target.product, /bin\/web\.ts/), "SIGKILL");
      return { fault, injectedAt, endedAt: injectedAt };
    case "postgres-kill":
      process.kill(postmasterPid(join(target.product.dataDir, "pg")), "SIGKILL");
      return { fault, injectedAt, endedAt: injectedAt };
    case "destination":
      target.sink.failWith = 503;
      await sleep(config.destinationDownSeconds * 1000);
      target.sink.failWith = null;
      return { fault, injectedAt, endedAt: nowMs() };
    case "straggler": {
      target.sink.holdNext = 1;
      const heldBefore = target.sink.held;
      // The load is running, so a delivery arrives within moments; none in the recovery timeout
      // means the pipeline stopped delivering, which is a finding, not a reason to wait forever.
      const giveUpAt = nowMs() + config.recoveryTimeoutSeconds * 1000;
      while (target.sink.held === heldBefore && !stopping) {
        if (nowMs() > giveUpAt) {
          target.sink.holdNext = 0;
          throw new HarnessError(`straggler: no delivery reached the sink within ${config.recoveryTimeoutSeconds} s (BENCH_RECOVERY_TIMEOUT) of the fault being armed, so none could be held: the pipeline is not delivering`);
        }
        await sleep(10);
      }
      const heldAt = nowMs();
      await sleep(config.stragglerSeconds * 1000);
      target.sink.releaseHeld();
      return { fault, injectedAt: heldAt, endedAt: nowMs() };
    }
    case "postgres-stop": {
      if (!external?.server) throw new HarnessError("postgres-stop needs the bench's own server");
      await external.server.stop();
      await sleep(config.outageSeconds * 1000);
      const endedAt = nowMs();
      external.server = await external.restart();
      return { fault, injectedAt, endedAt };
    }
  }
}

/** Waits until, after the fault ended, a webhook was acknowledged and one was delivered; returns when each happened. */
async function waitForRecovery(target: Target, load: Load, run: FaultRun, timeoutMs: number): Promise<{ ingestAt: number | null; flowingAt: number | null }> {
  const deadline = nowMs() + timeoutMs;
  let ingestAt: number | null = null;
  let flowingAt: number | null = null;
  const seen = new Set<Promise<Sent>>();
  while ((ingestAt === null || flowingAt === null) && nowMs() < deadline && !stopping) {
    for (const record of load.records) {
      if (seen.has(record.sent)) continue;
      seen.add(record.sent);
      void record.sent.then((sent) => {
        if (sent.sentAt >= run.endedAt && sent.status >= 200 && sent.status < 300) ingestAt = ingestAt === null ? sent.ackAt : Math.min(ingestAt, sent.ackAt);
      });
    }
    if (flowingAt === null) {
      for (const arrivals of target.sink.arrivals.values()) {
        for (const arrival of arrivals) if (arrival.at >= run.endedAt) flowingAt = flowingAt === null ? arrival.at : Math.min(flowingAt, arrival.at);
      }
    }
    await sleep(100);
  }
  return { ingestAt, flowingAt };
}

// ─── figures ─────────────────────────────────────────────────────────────────────────────────────

interface FaultFigures {
  fault: Fault;
  sent: number;
  acknowledged: number;
  stored: number;
  delivered: number;
  duplicates: number;
  redelivered: number;
  lost: number;
  undelivered: number;
  status500: number;
  status503: number;
  otherRefused: number;
  ingestDownSeconds: number;
  ingestBackSeconds: number | null;
  flowingSeconds: number | null;
  /** Webhooks acknowledged while the fault lasted (a second before its end at the latest), and how many of them reached the sink before it ended. */
  duringFault: { acknowledged: number; deliveredBeforeEnd: number; p50Ms: number | null };
}

/** The longest stretch, by send time, from a refused request to the next acknowledged one. */
function longestIngestGap(records: Sent[]): number {
  const sorted = [...records].sort((a, b) => a.sentAt - b.sentAt);
  let longest = 0;
  let failingSince: number | null = null;
  for (const record of sorted) {
    const ok = record.status >= 200 && record.status < 300;
    if (!ok && failingSince === null) failingSince = record.sentAt;
    if (ok && failingSince !== null) {
      longest = Math.max(longest, record.sentAt - failingSince);
      failingSince = null;
    }
  }
  return longest / 1000;
}

async function storedIds(databaseUrl: string, ids: string[]): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "switchyard-bench-chaos" });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(`SELECT headers->>'x-github-delivery' AS id FROM events WHERE headers->>'x-github-delivery' = ANY($1::text[])`, [ids]);
    return new Set(rows.map((row) => row.id));
  } finally {
    await client.end();
  }
}

/** Where up to 10 acknowledged but undelivered webhooks are stuck, from the database. */
async function undeliveredDetails(databaseUrl: string, ids: string[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "switchyard-bench-chaos" });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, unknown>>(
      `SELECT e.headers->>'x-github-delivery' AS id, e.status AS event, d.status AS delivery, d.attempts, d.last_status, d.last_error,
              d.next_attempt_at, d.created_at, t.state AS destination, t.circuit_state AS circuit
         FROM events e LEFT JOIN deliveries d ON d.event_id = e.id LEFT JOIN destinations t ON t.id = d.destination_id
        WHERE e.headers->>'x-github-delivery' = ANY($1::text[]) ORDER BY d.created_at LIMIT 10`,
      [ids],
    );
    return rows.map((row) => Object.entries(row).map(([key, value]) => `${key} ${value instanceof Date ? value.toISOString() : String(value)}`).join(", "));
  } finally {
    await client.end();
  }
}

async function figuresFor(target: Target, run: FaultRun, recovery: { ingestAt: number | null; flowingAt: number | null }, records: Sent[]): Promise<FaultFigures> {
  const acked = records.filter((record) => record.status >= 200 && record.status < 300);
  const stored = await storedIds(target.databaseUrl, acked.map((record) => record.id));
  let delivered = 0;
  let duplicates = 0;
  let redelivered = 0;
  for (const record of acked) {
    const arrivals = target.sink.arrivals.get(record.id);
    if (!arrivals) continue;
    delivered++;
    if (arrivals.length > 1) {
      duplicates++;
      redelivered += arrivals.length - new Set(arrivals.map((arrival) => arrival.webhookId)).size;
    }
  }
  const seconds = (at: number | null) => (at === null ? null : Math.max(0, (at - run.endedAt) / 1000));
  const during = acked.filter((record) => record.sentAt >= run.injectedAt && record.sentAt <= run.endedAt - 1000);
  const latencies = sortedNumbers(
    during.map((record) => Math.min(...(target.sink.arrivals.get(record.id) ?? []).map((arrival) => arrival.at)) - record.sentAt).filter((latency) => Number.isFinite(latency)),
  );
  const beforeEnd = during.filter((record) => (target.sink.arrivals.get(record.id) ?? []).some((arrival) => arrival.at < run.endedAt)).length;
  return {
    fault: run.fault,
    sent: records.length,
    acknowledged: acked.length,
    stored: acked.filter((record) => stored.has(record.id)).length,
    delivered,
    duplicates,
    redelivered,
    lost: acked.filter((record) => !stored.has(record.id)).length,
    undelivered: acked.filter((record) => stored.has(record.id) && !target.sink.arrivals.has(record.id)).length,
    status500: records.filter((record) => record.status === 500).length,
    status503: records.filter((record) => record.status === 503).length,
    otherRefused: records.filter((record) => record.status !== 500 && record.status !== 503 && (record.status < 200 || record.status >= 300)).length,
    ingestDownSeconds: longestIngestGap(records),
    ingestBackSeconds: seconds(recovery.ingestAt),
    flowingSeconds: seconds(recovery.flowingAt),
    duringFault: { acknowledged: during.length, deliveredBeforeEnd: beforeEnd, p50Ms: latencies.length > 0 ? percentile(latencies, 0.5) : null },
  };
}

/** Waits until every acknowledged webhook has reached the sink, or the timeout. */
async function drain(target: Target, records: Sent[], timeoutMs: number): Promise<void> {
  const acked = records.filter((record) => record.status >= 200 && record.status < 300);
  const deadline = nowMs() + timeoutMs;
  let lastNotice = nowMs();
  while (nowMs() < deadline && !stopping) {
    const waiting = acked.filter((record) => !target.sink.arrivals.has(record.id)).length;
    if (waiting === 0) break;
    if (nowMs() - lastNotice > 15_000) {
      lastNotice = nowMs();
      process.stderr.write(`  ${waiting} acknowledged webhooks not delivered yet…\n`);
    }
    await sleep(100);
  }
  await sleep(2000); // late duplicates (a redelivered job) land now
}

// ─── main ────────────────────────────────────────────────────────────────────────────────────────

async function runFaults(name: string, faults: Fault[], config: Config, databaseUrl: string | undefined, external: { server: EmbeddedPostgres | null; restart: () => Promise<EmbeddedPostgres> } | null): Promise<FaultFigures[]> {
  if (faults.length === 0) return [];
  checkpoint();
  const target = await startTarget(name, config, databaseUrl);
  const load = new Load(target.sender, config.rate);
  const runs: Array<{ run: FaultRun; recovery: { ingestAt: number | null; flowingAt: number | null } }> = [];
  try {
    await sleep(config.settleSeconds * 1000);
    for (const fault of faults) {
      checkpoint();
      load.phase = fault;
      process.stderr.write(`${name}: steady load, then fault "${fault}"…\n`);
      await sleep(config.settleSeconds * 1000);
      const run = await inject(fault, target, config, external);
      const recovery = await waitForRecovery(target, load, run, config.recoveryTimeoutSeconds * 1000);
      runs.push({ run, recovery });
      await sleep(config.settleSeconds * 1000);
    }
  } finally {
    load.phase = "after";
  }
  const records = await load.stop();
  process.stderr.write(`${name}: load stopped; waiting for every acknowledged webhook to be delivered…\n`);
  await drain(target, records, config.drainTimeoutSeconds * 1000);
  const figures: FaultFigures[] = [];
  for (const { run, recovery } of runs) figures.push(await figuresFor(target, run, recovery, records.filter((record) => record.phase === run.fault)));
  const undelivered = records.filter((record) => record.status >= 200 && record.status < 300 && !target.sink.arrivals.has(record.id)).map((record) => record.id);
  if (undelivered.length > 0) {
    process.stderr.write(`${name}: ${undelivered.length} acknowledged webhooks not delivered; the first ones (now ${new Date().toISOString()}):\n`);
    for (const line of await undeliveredDetails(target.databaseUrl, undelivered)) process.stderr.write(`  ${line}\n`);
  }
  const { refused, unknown, unsigned, arrivals } = target.sink;
  process.stderr.write(`${name}: the sink got ${arrivals.size} webhooks (${unknown} without a bench id, ${unsigned} unsigned) and refused ${refused} while failing on purpose\n`);
  await target.product.stop();
  return figures;
}

function printFigures(figures: FaultFigures[]): void {
  const seconds = (value: number | null) => (value === null ? "never" : value.toFixed(1));
  const rows = [
    ["fault", "sent", "acked", "stored", "delivered", "dup", "lost", "undelivered", "500", "503", "other 4xx/5xx", "ingest down s", "ingest back s", "flowing s"],
    ...figures.map((f) => [
      f.fault,
      String(f.sent),
      String(f.acknowledged),
      String(f.stored),
      String(f.delivered),
      f.duplicates === 0 ? "0" : `${f.duplicates} (${f.redelivered} redelivered)`,
      String(f.lost),
      String(f.undelivered),
      String(f.status500),
      String(f.status503),
      String(f.otherRefused),
      f.ingestDownSeconds.toFixed(1),
      seconds(f.ingestBackSeconds),
      seconds(f.flowingSeconds),
    ]),
  ];
  console.log("");
  console.log(table(rows, 1));
  console.log("");
  console.log("Each row counts the webhooks sent from 'settle' before the fault until the next fault's settle (open loop, one sender that never retries).");
  console.log("ingest down = longest stretch from a refused send to the next acknowledged one; ingest back / flowing = seconds from the fault's end");
  console.log("(the kill itself, PostgreSQL started again, the destination answering again) to the first 2xx / the first delivery of any event.");
  console.log("dup = acknowledged webhooks delivered more than once (redelivered: same webhook-id, an attempt cut mid-flight and retried).");
}

async function main(): Promise<number> {
  const config = readConfig();
  console.log("Switchyard chaos benchmark (faults under load)");
  console.log(machineLine());
  console.log(
    `load: ${config.rate} signed webhooks/s, open loop; faults: ${config.faults.join(", ")}; settle ${config.settleSeconds} s around each; ` +
      `destination down ${config.destinationDownSeconds} s; one request held ${config.stragglerSeconds} s; PostgreSQL stopped ${config.outageSeconds} s${quick ? " [BENCH_QUICK]" : ""}`,
  );
  const onEmbedded = config.faults.filter((fault) => fault !== "postgres-stop");
  const figures = await runFaults("all-in-one", onEmbedded, config, undefined, null);

  if (config.faults.includes("postgres-stop")) {
    checkpoint();
    // A server the bench owns (the product reaches it by DATABASE_URL), so the bench can keep it down.
    const dir = await mkdtemp(join(tmpdir(), "switchyard-chaos-pg-"));
    onCleanup("remove the bench's PostgreSQL directory", () => rm(dir, { recursive: true, force: true }));
    const options = { dir: join(dir, "pg"), port: await freePort(), password: randomBytes(12).toString("hex") };
    const external: { server: EmbeddedPostgres | null; restart: () => Promise<EmbeddedPostgres> } = {
      server: await startEmbeddedPostgres(options),
      restart: () => startEmbeddedPostgres({ ...options, watchdog: false }),
    };
    onCleanup("stop the bench's PostgreSQL", async () => external.server?.stop());
    figures.push(...(await runFaults("external-db", ["postgres-stop"], config, external.server!.url, external)));
  }

  printFigures(figures);
  const lost = figures.reduce((sum, f) => sum + f.lost + f.undelivered, 0);
  const fiveHundreds = figures.reduce((sum, f) => sum + f.status500, 0);
  console.log("");
  for (const f of figures) {
    const aims: string[] = [];
    if (f.fault === "worker") aims.push(`ingest answers within 5 s of a worker crash: ${f.ingestDownSeconds <= 5 ? "MET" : "NOT MET"} (down ${f.ingestDownSeconds.toFixed(1)} s)`);
    if (f.fault === "postgres-stop" || f.fault === "postgres-kill")
      aims.push(`ingest answers within 30 s of PostgreSQL returning: ${f.ingestBackSeconds !== null && f.ingestBackSeconds <= 30 ? "MET" : "NOT MET"} (${f.ingestBackSeconds?.toFixed(1) ?? "never"} s)`);
    if (f.fault === "destination")
      aims.push(`a recovered destination flows again within 2 min, no click: ${f.flowingSeconds !== null && f.flowingSeconds <= 120 ? "MET" : "NOT MET"} (${f.flowingSeconds?.toFixed(1) ?? "never"} s)`);
    if (f.fault === "straggler") {
      const { acknowledged, deliveredBeforeEnd, p50Ms } = f.duringFault;
      aims.push(
        `the destination's other deliveries flow while one request hangs: ${acknowledged > 0 && deliveredBeforeEnd === acknowledged ? "MET" : "NOT MET"} ` +
          `(${deliveredBeforeEnd} of ${acknowledged} webhooks acknowledged during the ${config.stragglerSeconds} s delivered before it was answered; their delivery p50 ${p50Ms === null ? "none" : `${p50Ms.toFixed(0)} ms`})`,
      );
    }
    if (aims.length > 0) console.log(`${f.fault}: ${aims.join("; ")}`);
  }
  console.log(`aim 0 lost: ${lost === 0 ? "MET" : `NOT MET (${lost} acknowledged webhooks lost or never delivered)`}; aim 0 × 500: ${fiveHundreds === 0 ? "MET" : `NOT MET (${fiveHundreds})`}`);
  console.log(loadLine());
  return lost > 0 || isInterrupted() ? 1 : 0;
}

runMain("bench:chaos", main, { stopping: "stopping the load and the product…" });
