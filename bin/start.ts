// `npm start`: the whole product in one command, and its supervisor. Without DATABASE_URL it starts
// an embedded PostgreSQL under DATA_DIR (generating the instance's secrets once), applies
// migrations, builds the web app if its build is missing or stale, then runs the web and worker
// processes. Whatever dies (web, worker, the embedded PostgreSQL) is restarted with backoff and the
// rest keeps running; web and worker ride out the database's absence by themselves. Only Ctrl-C or
// SIGTERM stops everything: web and worker first (in-flight work finishes), then the database.
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { z } from "zod";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { loadOrCreateInstanceSecrets } from "@/lib/runtime/instance-secrets";
import { needsBuild } from "@/lib/runtime/needs-build";
import { nodeProcessUnit } from "@/lib/runtime/node-process-unit";
import { prepareDatabase } from "@/lib/runtime/prepare-database";
import { reportStartupFailure } from "@/lib/runtime/report-startup-failure";
import { Supervisor } from "@/lib/runtime/supervisor";
import { supervisorStatusMessage, type SupervisorStatus } from "@/lib/runtime/supervisor-status";
import { whenDatabaseAvailable } from "@/lib/runtime/when-database-available";

const log = logger("start");

const LauncherConfig = z.object({
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default(".data"),
  EMBEDDED_PG_PORT: z.coerce.number({ error: "EMBEDDED_PG_PORT must be a port number" }).int().min(1).max(65535).default(54329),
  PORT: z.coerce.number().int().default(3000),
  // The worker's CPU priority below the receiver's. 0 by default: at 5, the receiver accepted no more
  // in a burst (bench:ingest), while deliveries at 1,000 events/s fell behind (bench:routing). At 10
  // (stop 45, bench:routing, alternated): a burst of 10,000 events was accepted at 1,188-1,571/s
  // against 977-1,189 (5 runs each), and 1,000/s after 200/s answered in 18-27 ms (p50) against
  // 56-81 (3 each); but deliveries at a warm 1,000/s ended 2.8-3.6 s behind the load against
  // 1.0-1.5 s (2 each).
  // Routing and delivery are most of what an event costs, so slowing them moves the backlog there.
  WORKER_NICE: z.coerce.number({ error: "WORKER_NICE must be a number from 0 to 19" }).int().min(0).max(19).default(0),
  TLS_CERT_FILE: z.string().optional(),
  // A web or worker process that stops answering without dying (event loop blocked, process
  // stopped) is killed and restarted after this long without a heartbeat; 0 turns that off (e.g.
  // while a debugger holds it at a breakpoint).
  UNRESPONSIVE_RESTART_SECONDS: z.coerce
    .number({ error: "UNRESPONSIVE_RESTART_SECONDS must be a number of seconds: 0 (off) or 15 to 3600" })
    .int({ error: "UNRESPONSIVE_RESTART_SECONDS must be a whole number of seconds: 0 (off) or 15 to 3600" })
    .refine((seconds) => seconds === 0 || (seconds >= 15 && seconds <= 3600), { error: "UNRESPONSIVE_RESTART_SECONDS must be 0 (off) or 15 to 3600 seconds" })
    .default(60),
});

const dev = process.argv.includes("--dev");
// The web process shows the launcher's status (/api/health, overview): it gets every change.
const webProcesses = new Set<ChildProcess>();
const supervisor = new Supervisor((status) => {
  for (const child of webProcesses) sendStatus(child, status);
});
let building: ChildProcess | undefined;
let firstDatabase: EmbeddedPostgres | undefined;
let stopping = false;

function sendStatus(child: ChildProcess, status: SupervisorStatus): void {
  if (child.connected) child.send(supervisorStatusMessage(status), () => undefined);
}

async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info("stopping");
  building?.kill("SIGTERM");
  await supervisor.stop(["web", "worker"]);
  await supervisor.stop(["postgres"]);
  // Started but not yet handed to the supervisor (start-up was still migrating or building).
  await firstDatabase?.stop().catch((error: unknown) => log.error("embedded PostgreSQL did not stop cleanly", { error }));
  process.exit(0);
}

async function build(): Promise<void> {
  log.info("building the web app (first start, or sources changed since the last build)");
  building = spawn(process.execPath, [resolve("node_modules/next/dist/bin/next"), "build"], { stdio: "inherit", env: process.env });
  const code = await new Promise<number | null>((done) => building!.once("exit", done));
  building = undefined;
  if (code !== 0 && !stopping) throw new Error(`next build failed (exit code ${code})`);
}

async function main() {
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());

  const launcher = LauncherConfig.parse(process.env);
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
  process.env.PORT = String(launcher.PORT);
  let restartDatabase: (() => Promise<EmbeddedPostgres>) | undefined;
  if (!launcher.DATABASE_URL) {
    const dataDir = resolve(launcher.DATA_DIR);
    const secrets = await loadOrCreateInstanceSecrets(dataDir);
    const options = { dir: resolve(dataDir, "pg"), port: launcher.EMBEDDED_PG_PORT, password: secrets.postgresPassword };
    firstDatabase = await startEmbeddedPostgres(options);
    // The watchdog started with the first server outlives restarts: it stops whatever runs in the directory.
    restartDatabase = () => startEmbeddedPostgres({ ...options, watchdog: false });
    process.env.DATABASE_URL = firstDatabase.url;
    process.env.AUTH_SECRET ||= secrets.authSecret;
    process.env.ENCRYPTION_KEY ||= secrets.encryptionKey;
    log.info("using embedded PostgreSQL", { dataDir, port: launcher.EMBEDDED_PG_PORT });
  }
  // With TLS_CERT_FILE/TLS_KEY_FILE the web process speaks only HTTPS.
  process.env.APP_URL ||= `${launcher.TLS_CERT_FILE ? "https" : "http"}://localhost:${launcher.PORT}`;
  env(); // validate now: one readable list of problems instead of two failing children

  await whenDatabaseAvailable({ task: () => prepareDatabase(), what: "preparing the database" });
  process.env.SWITCHYARD_DATABASE_PREPARED = "1";
  if (!dev && needsBuild(process.cwd())) await build();
  if (stopping) return;

  if (firstDatabase && restartDatabase) {
    const start = restartDatabase;
    void supervisor.add({ name: "postgres", start: () => start() }, firstDatabase);
    firstDatabase = undefined;
  }
  const childEnv = { ...process.env, SWITCHYARD_SUPERVISED: "1" };
  const unresponsiveAfterMs = launcher.UNRESPONSIVE_RESTART_SECONDS * 1000;
  const web = supervisor.add(
    nodeProcessUnit({
      name: "web",
      args: ["bin/web.ts", ...(dev ? ["--dev"] : [])],
      env: childEnv,
      unresponsiveAfterMs,
      onStart: (child) => {
        webProcesses.add(child);
        child.once("exit", () => webProcesses.delete(child));
        sendStatus(child, supervisor.status());
      },
    }),
  );
  // One worker. A second one here (measured at stop 49, bench:routing at 1,000 events/s, 3 alternated
  // pairs) used 2.3-2.5 ms of CPU an event against 1.7-1.9 and ended 7.8-9.6 s behind against
  // 0.7-3.2: two routing loops and two lanes per destination on the same two cores.
  const worker = supervisor.add(nodeProcessUnit({ name: "worker", args: ["worker/index.ts"], env: childEnv, niceness: launcher.WORKER_NICE, unresponsiveAfterMs }));
  log.info(`Switchyard is starting on ${process.env.APP_URL}`);
  await Promise.all([web, worker]);
  if (!stopping) log.info(`Switchyard is running on ${process.env.APP_URL}`);
}

main().catch(async (error: unknown) => {
  await firstDatabase?.stop().catch(() => undefined);
  reportStartupFailure("switchyard")(error);
});
