// A Node process the launcher supervises (bin/web.ts, worker/index.ts): started with tsx and an IPC
// channel, "running" once it says it is ready (listening, or its queues registered), stopped with
// SIGTERM and, past a grace period, SIGKILL.
import { spawn, type ChildProcess } from "node:child_process";
import type { RunningUnit, UnitDefinition } from "@/lib/runtime/supervisor";

const STOP_TIMEOUT_MS = 30_000;
const READY_MESSAGE = "switchyard:ready";

/** Called by a supervised process once it is up; a no-op for a process started on its own. */
export function announceReady(): void {
  process.send?.({ type: READY_MESSAGE });
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
}

/** The command line: through POSIX `nice` when lowered, so every thread of the process starts lowered. */
function commandLine(args: string[], niceness: number): [string, string[]] {
  const node: [string, string[]] = [process.execPath, ["--import", "tsx", ...args]];
  if (niceness === 0 || process.platform === "win32") return node;
  return ["nice", ["-n", String(niceness), node[0], ...node[1]]];
}

export function nodeProcessUnit({ name, args, env, onStart, niceness = 0 }: NodeProcessUnitOptions): UnitDefinition {
  return {
    name,
    start: (signal) =>
      new Promise<RunningUnit>((resolve, reject) => {
        const [command, commandArgs] = commandLine(args, niceness);
        const child = spawn(command, commandArgs, { stdio: ["inherit", "inherit", "inherit", "ipc"], env });
        // The IPC channel must never throw at us: a send to a child that just died fails with EPIPE.
        child.on("error", () => undefined);
        const exited = new Promise<{ code: number | null; signal: string | null }>((settle) =>
          child.once("exit", (code, signal) => settle({ code, signal })),
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
        child.on("message", (message: unknown) => {
          if (typeof message === "object" && message !== null && (message as { type?: unknown }).type === READY_MESSAGE) resolve(running);
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
