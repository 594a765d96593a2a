// `npm run bench:scale`: the scale-out proof. Runs the product as separate processes (bin/web.ts and
// worker/index.ts, as a deployment with several machines would) against one PostgreSQL server that
// is NOT the embedded one: Debian's `postgresql` package (installed by this bench when it is missing
// and we are root), on a throwaway cluster in a temp directory. Two set-ups, one after the other,
// on the same database: 1 web + 1 worker, then 2 web + 2 workers. Each gets signed webhooks as fast
// as the webs accept them (the connections split evenly over the webs) for BENCH_SECONDS, through a
// rule forwarding everything to a local sink, and is timed until every stored event was delivered.
//
// Printed: accepted/s and delivered/s per set-up with each process's share (a web's 2xx answers, a
// worker's delivery attempts from its debug log), so the shares can be seen adding up to the total;
// the ratio of the two set-ups; and the exactly-once check: no acknowledged event lost, no delivery
// sent twice (nothing is killed here, so not even a cut-off attempt may repeat). On a machine with
// few cores the processes share the same CPUs and the total cannot grow much: the ratio is reported,
// not judged. See bench/README.md.
//
// Exit code: 0 when the harness ran, nothing was lost and nothing delivered twice; 1 otherwise; 130
// on Ctrl-C.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { needsBuild } from "@/lib/runtime/needs-build";
import { debianPostgresBinDir } from "@/lib/testing/debian-postgres";
import { freePort } from "@/lib/testing/test-database";
import {
  HarnessError,
  ROOT,
  checkpoint,
  loadLine,
  machineLine,
  message,
  numberFromEnv,
  onCleanup,
  onStop,
  quick,
  runMain,
  setLibEnv,
  sleep,
  startProduct,
  stopChild,
  table,
  type RunningProduct,
} from "./lib/harness";
import { runPhase, type PhaseResult } from "./load";
import { jitReport, statementViewSettings } from "./lib/statement-view";
import { tsxNodeArgs } from "@/lib/runtime/node-process-unit";

const run = promisify(execFile);
const DRAIN_TIMEOUT_MS = 120_000;
const WORKER_START_TIMEOUT_MS = 60_000;

const config = {
  seconds: numberFromEnv("BENCH_SECONDS", quick ? 5 : 15),
  connections: Math.round(numberFromEnv("BENCH_CONNECTIONS", 64)),
  setups: [1, 2],
};

/** Debian's PostgreSQL (lib/testing/debian-postgres.ts), as a harness error when it cannot be had. */
async function debianPostgres(): Promise<string> {
  try {
    return await debianPostgresBinDir({ onInstall: () => process.stderr.write("installing Debian's postgresql (apt-get install -y postgresql)…\n") });
  } catch (error) {
    throw new HarnessError(message(error));
  }
}

/** A sink that counts each delivery's webhook-id: a second arrival of one id is a duplicate. */
async function startCountingSink(): Promise<{ url: string; arrivals: Map<string, number>; close(): Promise<void> }> {
  const arrivals = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on("end", () => {
      const id = String(req.headers["webhook-id"] ?? "");
      arrivals.set(id, (arrivals.get(id) ?? 0) + 1);
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  onStop(() => server.closeAllConnections());
  const close = () => new Promise<void>((done) => server.close(() => done()));
  onCleanup("close the sink", close);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, arrivals, close };
}

interface RunningWorker {
  child: ChildProcess;
  logPath: string;
}

/** `npm run worker` on the database, logging at debug level (one line per delivery attempt) to a file. */
async function startWorker(name: string, databaseUrl: string): Promise<RunningWorker> {
  const logPath = join(tmpdir(), `switchyard-bench-${name}-${process.pid}.log`);
  const log = createWriteStream(logPath);
  const child = spawn(process.execPath, tsxNodeArgs("worker/index.ts"), {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "debug", SWITCHYARD_DATABASE_PREPARED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  onCleanup(`stop ${name}`, async () => {
    await stopChild(child, 30_000);
    await new Promise<void>((done) => log.end(done));
    await rm(logPath, { force: true });
  });
  const started = Date.now();
  while (!(await readFile(logPath, "utf8").catch(() => "")).includes('"worker started"')) {
    if (child.exitCode !== null) throw new HarnessError(`${name} exited at start; its log: ${logPath}`);
    if (Date.now() - started > WORKER_START_TIMEOUT_MS) throw new HarnessError(`${name} did not start within ${WORKER_START_TIMEOUT_MS / 1000} s; its log: ${logPath}`);
    await sleep(200);
  }
  return { child, logPath };
}

/** Delivery attempts a worker logged, and how many of them it had logged before (for one set-up's share). */
async function attemptsLogged(worker: RunningWorker): Promise<number> {
  const text = await readFile(worker.logPath, "utf8");
  return text.split('"msg":"delivery attempted"').length - 1;
}

interface SetupReport {
  label: string;
  load: PhaseResult[];
  stored: number;
  lost: number;
  delivered: number;
  deliveredPerSecond: number;
  drained: boolean;
  perWorker: number[];
  duplicates: number;
}

async function main(): Promise<number> {
  console.log(machineLine());
  const binDir = await debianPostgres();
  const { stdout: version } = await run(join(binDir, "pg_ctl"), ["--version"]);
  const dir = await mkdtemp(join(tmpdir(), "switchyard-bench-scale-"));
  onCleanup("remove the cluster directory", () => rm(dir, { recursive: true, force: true }));
  // With pg_stat_statements, to report what the server JIT-compiled (an embedded server has no JIT).
  const server = await startEmbeddedPostgres({ dir: join(dir, "pg"), port: await freePort(), password: randomBytes(16).toString("hex"), binDir, settings: statementViewSettings });
  onCleanup("stop PostgreSQL", () => server.stop());
  console.log(`server: Debian's ${version.trim()} (${binDir}), one cluster for every process`);
  console.log(`load: ~2 KB GitHub-signed webhooks, ${config.connections} connections split over the webs, ${config.seconds} s per set-up; rule "forward everything" → local sink`);

  await setLibEnv(server.url);
  const { prepareDatabase } = await import("@/lib/runtime/prepare-database");
  const { closeConnections } = await import("@/lib/runtime/close-connections");
  // Before the server stops (clean-ups run newest first), so its goodbye is not logged as an outage.
  onCleanup("close this process's connections", () => closeConnections());
  await prepareDatabase();
  if (needsBuild(ROOT)) {
    process.stderr.write("building the web app (next build)…\n");
    await run(process.execPath, [join(ROOT, "node_modules/next/dist/bin/next"), "build"], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  }
  const sink = await startCountingSink();
  const { createSource } = await import("@/lib/sources/create-source");
  const { createDestination } = await import("@/lib/destinations/create-destination");
  const { createRule } = await import("@/lib/rules/create-rule");
  const actor = { id: null, label: "bench" };
  const secret = randomBytes(32).toString("hex");
  const { source } = await createSource({ input: { name: "scale", scheme: "github", secret }, actor });
  const { destination } = await createDestination({ input: { name: "sink", url: sink.url, allowPrivateNetwork: true }, actor });
  await createRule({ sourceId: source.id, actor, input: { name: "all", enabled: true, conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [destination.id] }] } });
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  onCleanup("close the bench's connection", () => admin.end());
  await admin.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  await admin.query("SELECT pg_stat_statements_reset()");
  const jitLines: string[] = [];
  const count = async (sql: string): Promise<number> => (await admin.query<{ n: number }>(sql, [source.id])).rows[0]?.n ?? 0;
  const storedCount = () => count("SELECT count(*)::int AS n FROM events WHERE source_id = $1");
  const deliveredCount = () => count("SELECT count(*)::int AS n FROM deliveries d JOIN events e ON e.id = d.event_id WHERE e.source_id = $1 AND d.status = 'succeeded'");

  const reports: SetupReport[] = [];
  for (const size of config.setups) {
    checkpoint();
    const label = `${size} web + ${size} worker${size > 1 ? "s" : ""}`;
    process.stderr.write(`${label}: starting…\n`);
    const webs: RunningProduct[] = [];
    for (let i = 1; i <= size; i++) {
      webs.push(await startProduct({ name: `scale-web${i}`, databaseUrl: server.url, startTimeoutSeconds: 120, entry: "bin/web.ts", env: { SWITCHYARD_DATABASE_PREPARED: "1" } }));
    }
    const workers: RunningWorker[] = [];
    for (let i = 1; i <= size; i++) workers.push(await startWorker(`scale-${size}-worker${i}`, server.url));

    const storedBefore = await storedCount();
    const deliveredBefore = await deliveredCount();
    const started = Date.now();
    process.stderr.write(`${label}: sending for ${config.seconds} s…\n`);
    const load = await Promise.all(
      webs.map((web, index) =>
        runPhase({ name: `web${index + 1}`, origin: web.origin, path: `/in/${source.key}`, secret }, { label, connections: Math.max(1, Math.round(config.connections / size)), seconds: config.seconds }),
      ),
    );
    const acked = load.reduce((sum, phase) => sum + phase.ok, 0);
    let stored = (await storedCount()) - storedBefore;
    let delivered = (await deliveredCount()) - deliveredBefore;
    let lastProgress = Date.now();
    while (delivered < stored && Date.now() - lastProgress < DRAIN_TIMEOUT_MS) {
      await sleep(100);
      checkpoint();
      const now = (await deliveredCount()) - deliveredBefore;
      if (now > delivered) lastProgress = Date.now();
      delivered = now;
      stored = (await storedCount()) - storedBefore;
    }
    const seconds = (Date.now() - started) / 1000;
    const perWorker = await Promise.all(workers.map((worker) => attemptsLogged(worker)));
    for (const web of webs) await web.stop();
    for (const worker of workers) await stopChild(worker.child, 30_000);
    jitLines.push(await jitReport(admin, label));
    reports.push({
      label,
      load,
      stored,
      lost: Math.max(0, acked - stored),
      delivered,
      deliveredPerSecond: delivered / seconds,
      drained: delivered >= stored,
      perWorker,
      duplicates: [...sink.arrivals.values()].filter((arrivals) => arrivals > 1).length,
    });
  }

  const rows = reports.map((report) => [
    report.label,
    report.load.reduce((sum, phase) => sum + phase.acceptedPerSecond, 0).toFixed(0),
    report.load.map((phase) => phase.acceptedPerSecond.toFixed(0)).join(" + "),
    String(report.stored),
    String(report.lost),
    report.deliveredPerSecond.toFixed(0),
    report.perWorker.join(" + "),
    report.drained ? "yes" : `NO (${report.stored - report.delivered} left)`,
    String(report.duplicates),
  ]);
  console.log();
  console.log(table([["set-up", "accepted/s", "per web", "stored", "lost", "delivered/s", "attempts per worker", "all delivered", "dup"], ...rows]));
  console.log();
  console.log("accepted/s = 2xx answers per second, summed over the webs; delivered/s = events delivered ÷ (from the first send to the last delivery).");
  console.log("attempts per worker = delivery attempts each worker logged; dup = deliveries whose webhook-id reached the sink more than once (cumulative).");
  const [one, two] = reports;
  if (one && two) {
    const accepted = (report: SetupReport) => report.load.reduce((sum, phase) => sum + phase.acceptedPerSecond, 0);
    console.log(`2+2 vs 1+1: accepted ${(accepted(two) / accepted(one)).toFixed(2)}×, delivered ${(two.deliveredPerSecond / one.deliveredPerSecond).toFixed(2)}×; every process took a share: ${two.perWorker.every((n) => n > 0) && two.load.every((phase) => phase.ok > 0) ? "yes" : "NO"}`);
  }
  console.log(jitLines.join("\n"));
  console.log(loadLine());
  const failures = reports.filter((report) => report.lost > 0 || report.duplicates > 0 || !report.drained);
  for (const report of failures) console.log(`${report.label}: FAILED the exactly-once check (lost ${report.lost}, duplicates ${report.duplicates}, drained ${report.drained})`);
  return failures.length > 0 ? 1 : 0;
}

runMain("bench:scale", main);
