// BENCH_WAITS=1: what PostgreSQL's connections are doing during each phase, sampled from
// pg_stat_activity (a wait-event profile). Every ~10 ms, on a connection of its own, it notes each
// other connection that is not idle: running or waiting for a CPU ("CPU"), or waiting, and on
// what: the WAL's fsync (IO:WalSync), another commit's flush (LWLock:WALWrite), the lock that
// orders NOTIFYing commits (Lock:object), the client's next statement inside a transaction
// (Client:ClientRead), … with the statement's first words. Each line's figure is how many
// connections were in that state on average: by Little's law, divided by the events per second it
// is the time each event spent there. The sampling is itself a connection's work (about 100
// queries a second), so compare figures taken with it only against other runs with it.
import type pg from "pg";
import { message } from "./harness";

export const waitViewWanted = process.env.BENCH_WAITS === "1";

const SAMPLE_EVERY_MS = 10;

export interface WaitView {
  /** Starts sampling (call right before a phase). */
  start(): void;
  /** Stops sampling and reports the phase's states by how many connections were in each on average (the top `limit`). */
  report(label: string, seconds: number, limit?: number): Promise<string>;
}

/** Samples the server `client` is connected to; the client is this view's alone while a phase runs. */
export function openWaitView(client: pg.Client): WaitView {
  let counts = new Map<string, number>();
  let samples = 0;
  let failure: string | null = null;
  let running: Promise<void> | null = null;
  let stop = false;
  const sampleUntilStopped = async () => {
    while (!stop) {
      try {
        const { rows } = await client.query<{ state: string }>(
          `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') || ' | ' || state || ' | ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 48) AS state
           FROM pg_stat_activity
           WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND state <> 'idle'`,
        );
        samples += 1;
        for (const { state } of rows) counts.set(state, (counts.get(state) ?? 0) + 1);
      } catch (error) {
        failure = message(error);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
    }
  };
  return {
    start() {
      counts = new Map();
      samples = 0;
      failure = null;
      stop = false;
      running = sampleUntilStopped();
    },
    async report(label, seconds, limit = 15) {
      stop = true;
      await running;
      if (failure !== null) return `${label}: wait-event sampling failed: ${failure}`;
      const lines = [...counts]
        .sort(([, a], [, b]) => b - a)
        .slice(0, limit)
        .map(([state, count]) => `  ${(count / Math.max(1, samples)).toFixed(3).padStart(6)}  ${state}`);
      return [
        `${label}: PostgreSQL's connections by what they were doing (${samples} samples over ${seconds.toFixed(0)} s; connections in that state on average; wait event | state | statement):`,
        ...lines,
      ].join("\n");
    },
  };
}
