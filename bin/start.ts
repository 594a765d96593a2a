// `npm start`: the whole product in one command. Without DATABASE_URL it starts an embedded
// PostgreSQL under DATA_DIR (generating the instance's secrets once), applies migrations, builds the
// web app if its build is missing or stale, then runs the web and worker processes. Ctrl-C or
// SIGTERM stops web and worker first (in-flight work finishes), then the database.
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { z } from "zod";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { loadOrCreateInstanceSecrets } from "@/lib/runtime/instance-secrets";
import { needsBuild } from "@/lib/runtime/needs-build";
import { prepareDatabase } from "@/lib/runtime/prepare-database";
import { reportStartupFailure } from "@/lib/runtime/report-startup-failure";

const log = logger("start");
const CHILD_STOP_TIMEOUT_MS = 30_000;

const LauncherConfig = z.object({
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default(".data"),
  EMBEDDED_PG_PORT: z.coerce.number({ error: "EMBEDDED_PG_PORT must be a port number" }).int().min(1).max(65535).default(54329),
  PORT: z.coerce.number().int().default(3000),
});

const dev = process.argv.includes("--dev");
const children: ChildProcess[] = [];
let database: EmbeddedPostgres | undefined;
let stopping = false;

function run(name: string, args: string[]): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { stdio: "inherit", env: { ...process.env, SWITCHYARD_SUPERVISED: "1" } });
  children.push(child);
  child.on("exit", (code, signal) => {
    if (!stopping) {
      log.error(`${name} exited unexpectedly; stopping everything`, { code, signal });
      void shutdown(1);
    }
  });
  return child;
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), CHILD_STOP_TIMEOUT_MS);
    child.once("exit", () => {
      clearTimeout(kill);
      done();
    });
  });
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info("stopping");
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map(waitForExit));
  await database?.stop().catch((error: unknown) => log.error("embedded PostgreSQL did not stop cleanly", { error }));
  process.exit(code);
}

async function build(): Promise<void> {
  log.info("building the web app (first start, or sources changed since the last build)");
  const child = spawn(process.execPath, [resolve("node_modules/next/dist/bin/next"), "build"], { stdio: "inherit", env: process.env });
  children.push(child);
  const code = await new Promise<number | null>((done) => child.once("exit", done));
  children.splice(children.indexOf(child), 1);
  if (code !== 0 && !stopping) throw new Error(`next build failed (exit code ${code})`);
}

async function main() {
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  const launcher = LauncherConfig.parse(process.env);
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
  process.env.PORT = String(launcher.PORT);
  if (!launcher.DATABASE_URL) {
    const dataDir = resolve(launcher.DATA_DIR);
    const secrets = await loadOrCreateInstanceSecrets(dataDir);
    database = await startEmbeddedPostgres({ dir: resolve(dataDir, "pg"), port: launcher.EMBEDDED_PG_PORT, password: secrets.postgresPassword });
    process.env.DATABASE_URL = database.url;
    process.env.AUTH_SECRET ||= secrets.authSecret;
    process.env.ENCRYPTION_KEY ||= secrets.encryptionKey;
    log.info("using embedded PostgreSQL", { dataDir, port: launcher.EMBEDDED_PG_PORT });
  }
  process.env.APP_URL ||= `http://localhost:${launcher.PORT}`;
  process.env.NEXTAUTH_URL ||= process.env.APP_URL;
  env(); // validate now: one readable list of problems instead of two failing children

  await prepareDatabase();
  process.env.SWITCHYARD_DATABASE_PREPARED = "1";
  if (!dev && needsBuild(process.cwd())) await build();
  if (stopping) return;

  run("web", ["bin/web.ts", ...(dev ? ["--dev"] : [])]);
  run("worker", ["worker/index.ts"]);
  log.info(`Switchyard is starting on ${process.env.APP_URL}`);
}

main().catch(async (error: unknown) => {
  await database?.stop().catch(() => undefined);
  reportStartupFailure("switchyard")(error);
});
