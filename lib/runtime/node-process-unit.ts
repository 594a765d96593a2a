// A Node process the launcher supervises (bin/web.ts, worker/index.ts): started with tsx and an IPC
// channel, "running" once it says it is ready (listening, or its queues registered), stopped with
// SIGTERM and, past a grace period, SIGKILL.
//
// A process can also stop working without dying: its event loop blocked (a busy loop) or the
// process stopped (SIGSTOP, a frozen container). Exiting is what the supervisor restarts on, so once
// ready a process says it is alive every HEARTBEAT_MS, from a timer: that stops with its event loop.
// One silent for `unresponsiveAfterMs` is killed, and so restarted like one that died.
import { spawn, type ChildProcess } from "node:child_process";
import { logger } from "@/lib/log";
import type { RunningUnit, UnitDefinition, UnitExit } from "@/lib/runtime/supervisor";

const log = logger("supervisor");

const STOP_TIMEOUT_MS = 30_000;
const READY_MESSAGE = "switchyard:ready";
const ALIVE_MESSAGE = "switchyard:alive";
/** How often a supervised process says it is alive. */
export const HEARTBEAT_MS = 5_000;
/** Silent this long, a supervised process is killed (and restarted). */
export const DEFAULT_UNRESPONSIVE_AFTER_MS = 60_000;

/** Called by a supervised process once it is up; a no-op for a process started on its own. */
export function announceReady(): void {
  if (!process.send) return;
  process.send({ type: READY_MESSAGE });
  const alive = setInterval(() => {
    // The launcher is gone or going: nothing to tell (on-parent-exit.ts ends this process).
    if (process.connected) process.send?.({ type: ALIVE_MESSAGE }, undefined, undefined, () => undefined);
  }, HEARTBEAT_MS);
  alive.unref();
}

function messageType(message: unknown): unknown {
  return typeof message === "object" && message !== null ? (message as { type?: unknown }).type : undefined;
}

export interface NodeProcessUnitOptions {
  name: string;
  /** The script and its arguments, e.g. ["bin/web.ts"]. */
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Called with each new instance, e.g. to send it the launcher's status. */
  onStart?: (child: ChildProcess) => void;
  /** Scheduling niceness, 0 (as the launcher) to 19 (only idle CPU). */
  niceness?: number;
  /** Once ready, how long it may go without saying it is alive before it is killed; 0: never. */
  unresponsiveAfterMs?: number;
}

/**
 * V8 flags of every supervised process (also in package.json's `web` and `worker` scripts).
 * --max-semi-space-size=32 (MB): web and worker allocate fast and keep little, so V8's default
 * young generation (16 MB semi-spaces here) filled every few milliseconds at 1,000 events/s. With
 * 32, bench:routing's worker scavenged 154–156 times instead of 311–314, spent 2.6 s in GC instead
 * of 3.6–3.8, and used 20.8–21.3 s of CPU instead of 23.2–23.3; the web 20.5–20.9 s instead of
 * 21.2–21.5 (2 alternated pairs, stop 42). The cost: up to 32 MB more memory per process.
 */
export const NODE_FLAGS = ["--max-semi-space-size=32"];

/** node's arguments to run a TypeScript entry point (and its own arguments) as every product process runs. */
export function tsxNodeArgs(...args: string[]): string[] {
  return [...NODE_FLAGS, "--import", "tsx", ...args];
}

/** The command line: through POSIX `nice` when lowered, so every thread of the process starts lowered. */
function commandLine(args: string[], niceness: number): [string, string[]] {
  const node: [string, string[]] = [process.execPath, tsxNodeArgs(...args)];
  if (niceness === 0 || process.platform === "win32") return node;
  return ["nice", ["-n", String(niceness), node[0], ...node[1]]];
}

export function nodeProcessUnit({ name, args, env, onStart, niceness = 0, unresponsiveAfterMs = DEFAULT_UNRESPONSIVE_AFTER_MS }: NodeProcessUnitOptions): UnitDefinition {
  return {
    name,
    start: (signal) =>
      new Promise<RunningUnit>((resolve, reject) => {
        const [command, commandArgs] = commandLine(args, niceness);
        const child = spawn(command, commandArgs, { stdio: ["inherit", "inherit", "inherit", "ipc"], env });
        // The IPC channel must never throw at us: a send to a child that just died fails with EPIPE.
        child.on("error", () => undefined);
        let unresponsiveFor: number | null = null;
        const exited = new Promise<UnitExit>((settle) =>
          child.once("exit", (code, signal) =>
            settle({ code, signal, ...(unresponsiveFor === null ? {} : { reason: `unresponsive: no sign of life for ${unresponsiveFor} s, so killed` }) }),
          ),
        );
        const running: RunningUnit = {
          exited,
          async stop() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            const kill = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
            child.kill("SIGTERM");
            await exited;
            clearTimeout(kill);
          },
        };
        let liveness: Liveness | undefined;
        child.on("message", (message: unknown) => {
          const type = messageType(message);
          if (type === ALIVE_MESSAGE) liveness?.alive();
          if (type !== READY_MESSAGE) return;
          resolve(running);
          if (unresponsiveAfterMs > 0 && !liveness) {
            liveness = watchLiveness(unresponsiveAfterMs, (silentMs) => {
              unresponsiveFor = Math.round(silentMs / 1000);
              log.error(`${name} is unresponsive; killing it so that it restarts`, { pid: child.pid, silentForSeconds: unresponsiveFor });
              child.kill("SIGKILL");
            });
            void exited.then(liveness.stop);
          }
        });
        void exited.then((exit) => reject(new Error(`${name} exited before it was ready (${exit.signal ?? `code ${exit.code}`})`)));
        // Stopped while still starting (e.g. a worker waiting for the database): end it like a running one.
        const onAbort = () => void running.stop();
        signal.addEventListener("abort", onAbort, { once: true });
        void exited.then(() => signal.removeEventListener("abort", onAbort));
        onStart?.(child);
      }),
  };
}

interface Liveness {
  /** The process said it is alive. */
  alive: () => void;
  stop: () => void;
}

/**
 * Checks a few times per `limitMs` how long a process has been silent, and calls `onUnresponsive`
 * once when that reaches the limit. A check that itself ran late (the launcher was starved of CPU)
 * judges nothing: the process's messages may be queued behind it, so its window starts over.
 */
function watchLiveness(limitMs: number, onUnresponsive: (silentMs: number) => void): Liveness {
  const everyMs = Math.max(100, Math.min(5_000, limitMs / 5));
  let lastSign = Date.now();
  let lastCheck = lastSign;
  const timer = setInterval(() => {
    const now = Date.now();
    const late = now - lastCheck > 3 * everyMs;
    lastCheck = now;
    if (late) lastSign = now;
    if (now - lastSign < limitMs) return;
    clearInterval(timer);
    onUnresponsive(now - lastSign);
  }, everyMs);
  timer.unref();
  return { alive: () => void (lastSign = Date.now()), stop: () => clearInterval(timer) };
}
