// Prisma compiles its query compiler (WebAssembly, several MB) at the first query a process makes:
// 0.3-0.45 s of CPU on an idle machine, and V8 keeps optimising it on background threads for a
// while after. The receiver and the worker's hot paths run no Prisma query, so a process's first one
// came under load (in the worker, the first minute's cron job) and held everything else up for about
// a second: bench:routing saw a one-second stall in its 200 events/s phase. Web and worker call this
// while they start, before they take work.
import { db } from "@/lib/db";
import { describeDatabaseError, isDatabaseUnavailable } from "@/lib/db-errors";
import { logger } from "@/lib/log";

const log = logger("prisma-warm-up");

/** Runs a first Prisma query now. Never throws: if the database is away, the first real query pays instead. */
export async function warmUpPrisma(): Promise<void> {
  try {
    // Any model query loads the compiler ($connect alone would not reach the database).
    await db().user.count();
  } catch (error) {
    log.warn("could not warm up the database client; its first query will", {
      reason: isDatabaseUnavailable(error) ? "database_unavailable" : "query_failed",
      error: describeDatabaseError(error),
    });
  }
}
