// Runs a start-up task that needs the database (migrations, starting pg-boss), and while the
// database is unreachable waits and tries again with backoff instead of exiting: a process started
// before PostgreSQL, or during its restart, comes up by itself once PostgreSQL does. Any other error
// (bad credentials, a failed migration) is not weather and is thrown at once.
import { setTimeout as sleep } from "node:timers/promises";
import { describeDatabaseError, isDatabaseUnavailable } from "@/lib/db-errors";
import { logger } from "@/lib/log";

const log = logger("start");
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5000;
const REMIND_MS = 30_000;

/** The wait before try number `attempt + 1`: doubling from 250 ms, at most 5 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt - 1));
}

export interface WhenDatabaseAvailableOptions<T> {
  task: () => Promise<T>;
  /** What is waiting, for the log ("preparing the database"); without it nothing is logged. */
  what?: string;
  /** Stop waiting after this long and throw the last error (default: wait as long as it takes). */
  giveUpAfterMs?: number;
}

export async function whenDatabaseAvailable<T>({ task, what, giveUpAfterMs = Infinity }: WhenDatabaseAvailableOptions<T>): Promise<T> {
  const started = Date.now();
  let lastLogged = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await task();
      if (attempt > 1 && what) log.info(`database available; ${what} done`, { waitedSeconds: Math.round((Date.now() - started) / 1000) });
      return result;
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() - started >= giveUpAfterMs) throw error;
      if (what && Date.now() - lastLogged >= REMIND_MS) {
        log.warn(`waiting for the database before ${what}`, { error: describeDatabaseError(error), waitedSeconds: Math.round((Date.now() - started) / 1000) });
        lastLogged = Date.now();
      }
      await sleep(retryDelayMs(attempt));
    }
  }
}
