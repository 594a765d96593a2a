// The bare baselines' side of a benchmark: a database of their own beside the product's, and their
// processes (bench/baseline-server.ts, bench/baseline-forwarder.ts), each a child with its own event
// loop, as the product's web and worker are, waited for until it reports ready over IPC. Both are
// undone at clean-up.
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import pg from "pg";
import { ensureDatabase } from "@/lib/runtime/embedded-postgres";
import { HarnessError, ROOT, onCleanup, stopChild } from "./harness";

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

/** A fresh database named `<prefix>_<random>` on the server of `adminUrl`, dropped at clean-up: its URL. */
export async function createBaselineDatabase(adminUrl: string, prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  await ensureDatabase(adminUrl, name);
  onCleanup("drop the baseline database", async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface BaselineProcess {
  child: ChildProcess;
  /** The port it listens on (a server), or null (a process that only works jobs). */
  port: number | null;
  /** Why it exited, or null while it runs. */
  exited(): string | null;
  stop(): Promise<void>;
}

/** Forks bench/<script> with `env` added to this process's, and resolves once it reports ready. */
export async function startBaselineProcess(label: string, script: string, env: Record<string, string>): Promise<BaselineProcess> {
  process.stderr.write(`${label}: starting bench/${script}\n`);
  const child = fork(join(ROOT, "bench", script), [], {
    cwd: ROOT,
    execArgv: ["--import", "tsx"],
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let exit: string | null = null;
  child.once("exit", (code, signal) => {
    exit = `bench/${script} exited (${signal ?? `code ${code}`})`;
  });
  const stop = () => stopChild(child, STOP_TIMEOUT_MS);
  onCleanup(`stop bench/${script}`, stop);

  const port = await new Promise<number | null>((done, fail) => {
    const timer = setTimeout(() => fail(new HarnessError(`bench/${script} did not report ready within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    child.on("message", (msg: { type?: string; port?: number }) => {
      if (msg.type !== "ready") return;
      clearTimeout(timer);
      done(typeof msg.port === "number" ? msg.port : null);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      fail(new HarnessError(`bench/${script} exited before it was ready (${signal ?? `code ${code}`})`));
    });
  });
  return { child, port, exited: () => exit, stop };
}
