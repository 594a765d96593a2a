// Keeps named units running: the web and worker processes and the embedded PostgreSQL under
// `npm start`. A unit that dies is started again after a backoff that grows while it keeps dying
// and resets once it has stayed up a while; one unit dying never stops another. Only stop() (the
// launcher's Ctrl-C/SIGTERM) ends them, in the order the caller chooses.
import { setTimeout as sleep } from "node:timers/promises";
import { logger } from "@/lib/log";
import type { ProcessStatus, SupervisorStatus } from "@/lib/runtime/supervisor-status";

const log = logger("supervisor");

const FIRST_RESTART_MS = 500;
const MAX_RESTART_MS = 30_000;
/** A unit that ran this long before dying is considered healthy again: its backoff starts over. */
export const STABLE_AFTER_MS = 30_000;

/** The wait before restarting a unit that has died `failures` times in a row: 0.5 s doubling, at most 30 s. */
export function restartDelayMs(failures: number): number {
  return Math.min(MAX_RESTART_MS, FIRST_RESTART_MS * 2 ** Math.max(0, failures - 1));
}

export interface UnitExit {
  code: number | null;
  signal: string | null;
  /** Why, when the unit knows better than its exit code (e.g. it was killed for being unresponsive). */
  reason?: string;
}

function exitReason({ code, signal, reason }: UnitExit): string {
  if (reason) return reason;
  if (signal) return `killed by ${signal}`;
  return code === null ? "stopped unexpectedly" : `exited with code ${code}`;
}

/** One running instance of a unit. */
export interface RunningUnit {
  /** Settles when it has died (or was stopped). */
  exited: Promise<UnitExit>;
  /** Stops it in an orderly way; resolves once it is gone. */
  stop(): Promise<void>;
}

export interface UnitDefinition {
  name: string;
  /**
   * Starts a new instance; resolves once it runs (throws if it could not start). `signal` aborts
   * when the supervisor stops meanwhile: the instance must then be ended and start() must settle.
   */
  start(signal: AbortSignal): Promise<RunningUnit>;
}

interface UnitState {
  definition: UnitDefinition;
  status: ProcessStatus;
  running: RunningUnit | null;
  loop: Promise<void> | null;
  wake: AbortController;
}

export class Supervisor {
  private readonly units = new Map<string, UnitState>();
  private readonly startedAt = new Date().toISOString();
  private stopping = false;

  constructor(private readonly onChange: (status: SupervisorStatus) => void = () => undefined) {}

  status(): SupervisorStatus {
    return { startedAt: this.startedAt, processes: [...this.units.values()].map((unit) => ({ ...unit.status })) };
  }

  /**
   * Starts a unit (or adopts `initial`, an instance the caller started itself) and keeps it
   * running; resolves once its first instance runs, or failed to start.
   */
  async add(definition: UnitDefinition, initial?: RunningUnit): Promise<void> {
    const now = new Date().toISOString();
    const unit: UnitState = {
      definition,
      status: { name: definition.name, state: "starting", since: now, restarts: 0, lastExit: null, nextRestartAt: null },
      running: null,
      loop: null,
      wake: new AbortController(),
    };
    this.units.set(definition.name, unit);
    this.changed();
    let firstStart: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (firstStart = resolve));
    unit.loop = this.keepRunning(unit, firstStart, initial);
    await started;
  }

  /** Stops the named units (all, by default) in parallel; they are not restarted afterwards. */
  async stop(names: string[] = [...this.units.keys()]): Promise<void> {
    this.stopping = true;
    await Promise.all(
      names.map(async (name) => {
        const unit = this.units.get(name);
        if (!unit) return;
        unit.wake.abort();
        await unit.running?.stop().catch((error: unknown) => log.error(`${name} did not stop cleanly`, { error }));
        await unit.loop;
        this.setState(unit, "stopped");
      }),
    );
  }

  private async keepRunning(unit: UnitState, firstStart: () => void, initial: RunningUnit | undefined): Promise<void> {
    const { name } = unit.definition;
    let failures = 0;
    let adopt = initial;
    while (!this.stopping) {
      const startedAt = Date.now();
      let exit: UnitExit & { reason: string };
      try {
        this.setState(unit, "starting");
        unit.running = adopt ?? (await unit.definition.start(unit.wake.signal));
        adopt = undefined;
        if (this.stopping) {
          // stop() came while it was starting, when there was nothing to stop yet.
          await unit.running.stop();
          return;
        }
        this.setState(unit, "running");
        firstStart();
        const ended = await unit.running.exited;
        exit = { ...ended, reason: exitReason(ended) };
      } catch (error) {
        exit = { code: null, signal: null, reason: `could not start: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}` };
      } finally {
        unit.running = null;
      }
      firstStart();
      if (this.stopping) return;

      const diedAt = Date.now();
      failures = diedAt - startedAt >= STABLE_AFTER_MS ? 1 : failures + 1;
      const delay = restartDelayMs(failures);
      unit.status.lastExit = { at: new Date(diedAt).toISOString(), code: exit.code, signal: exit.signal, reason: exit.reason };
      unit.status.nextRestartAt = new Date(diedAt + delay).toISOString();
      this.setState(unit, "restarting");
      log.error(`${name} is down; restarting it`, { reason: exit.reason, code: exit.code, signal: exit.signal, inMs: delay, restarts: unit.status.restarts + 1 });
      await sleep(delay, undefined, { signal: unit.wake.signal }).catch(() => undefined);
      if (this.stopping) return;
      unit.status.restarts += 1;
      unit.status.nextRestartAt = null;
    }
  }

  private setState(unit: UnitState, state: ProcessStatus["state"]): void {
    if (unit.status.state === state) return;
    unit.status.state = state;
    unit.status.since = new Date().toISOString();
    this.changed();
  }

  private changed(): void {
    try {
      this.onChange(this.status());
    } catch (error) {
      log.error("supervisor status listener failed", { error });
    }
  }
}
