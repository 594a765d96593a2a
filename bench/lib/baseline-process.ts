// Starts one of the bare baselines' processes (bench/baseline-server.ts, bench/baseline-forwarder.ts)
// as a child with its own event loop, as the product's web and worker are, and waits for it to
// report ready over IPC. Stopped at clean-up if the caller has not stopped it before.
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { HarnessError, ROOT, onCleanup, stopChild } from "./harness";

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

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
