// Tells "PostgreSQL is unreachable right now" (weather: wait and retry) apart from every other
// database error (a bug or bad data: retrying the same thing will fail the same way), and reports
// connection trouble once per outage instead of once per query and queue.
import { logger, type Logger } from "@/lib/log";

// Node's socket errors for a server that is down, restarting or unreachable.
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "ENOTFOUND"]);
// SQLSTATEs: class 08 (connection exception), admin/crash shutdown, "the database system is starting
// up / shutting down", too many connections.
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
// node-postgres reports a dropped or never-made connection with plain Errors carrying these texts.
const UNAVAILABLE_MESSAGES = [
  "Connection terminated",
  "connection timeout",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error",
  "Client was closed and is not queryable",
  "Cannot use a pool after calling end",
];

// Prisma (through @prisma/adapter-pg) reports the same trouble in its own words: its error codes
// "can't reach the server", "timed out reaching it", "the server closed the connection", and the
// driver adapter's error kinds.
const PRISMA_UNAVAILABLE_CODES = new Set(["P1001", "P1002", "P1017"]);
const ADAPTER_UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "TooManyConnections", "SocketTimeout"]);

function adapterErrorKind(error: unknown): string {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } } | null)?.meta;
  const kind = meta?.driverAdapterError?.cause?.kind;
  return typeof kind === "string" ? kind : "";
}

function fieldOf(error: unknown, name: "code" | "message"): string {
  if (typeof error !== "object" || error === null || !(name in error)) return "";
  const value = (error as Record<string, unknown>)[name];
  return typeof value === "string" ? value : "";
}

/** True when the error means the database cannot be reached right now (as opposed to refusing this query). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = fieldOf(error, "code");
  // Over a Unix socket (DATABASE_URL's ?host=/var/run/postgresql), a server that stopped cleanly
  // took its socket file with it: connect() fails with ENOENT, not ECONNREFUSED. Prisma passes that
  // code on without the syscall; none of its queries reads a file.
  if (code === "ENOENT" && ((error as { syscall?: unknown }).syscall === "connect" || "clientVersion" in (error as object))) return true;
  if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith("08")) return true;
  if (PRISMA_UNAVAILABLE_CODES.has(code) || ADAPTER_UNAVAILABLE_KINDS.has(adapterErrorKind(error))) return true;
  const message = fieldOf(error, "message");
  if (UNAVAILABLE_MESSAGES.some((text) => message.includes(text))) return true;
  // AggregateError (dual-stack connect) and wrapped causes: look one level in.
  const inner = (error as { errors?: unknown[]; cause?: unknown } | null) ?? {};
  if (Array.isArray(inner.errors) && inner.errors.some(isDatabaseUnavailable)) return true;
  return inner.cause !== undefined && inner.cause !== error && isDatabaseUnavailable(inner.cause);
}

/** A short description of a connection error that never includes a connection string. */
export function describeDatabaseError(error: unknown): string {
  const code = fieldOf(error, "code");
  const message = fieldOf(error, "message").split("\n")[0]!.slice(0, 200) || String(error).slice(0, 200);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

export interface OutageReporter {
  /** Reports a connection error: logged at the start of an outage, then only counted. */
  error(error: unknown, fields?: Record<string, unknown>): void;
  /** Reports that the database answered again: logs how long it was unavailable, once. */
  recovered(): void;
  /** A cheap query; during an outage it is tried every few seconds so its end is noticed and logged. */
  probeWith(probe: () => Promise<unknown>): void;
  /** Whether an outage is going on (as far as this process has seen). */
  readonly unavailable: boolean;
}

// One outage, one warning at its start, a reminder every REMIND_MS while it lasts, and one line
// when it ends: a restart of PostgreSQL should not bury the log under a line per query per queue.
const REMIND_MS = 30_000;
const PROBE_MS = 2000;

export function outageReporter(log: Logger): OutageReporter {
  let since: number | null = null;
  let lastLogged = 0;
  let suppressed = 0;
  let probe: (() => Promise<unknown>) | null = null;
  let probeTimer: NodeJS.Timeout | null = null;
  const reporter: OutageReporter = {
    get unavailable() {
      return since !== null;
    },
    probeWith(query) {
      probe = query;
    },
    error(error, fields) {
      const now = Date.now();
      if (since === null) {
        since = now;
        lastLogged = now;
        suppressed = 0;
        log.warn("database unavailable; waiting for it to come back", { ...fields, error: describeDatabaseError(error) });
        startProbing();
        return;
      }
      if (now - lastLogged >= REMIND_MS) {
        log.warn("database still unavailable", { ...fields, seconds: Math.round((now - since) / 1000), errors: suppressed + 1, error: describeDatabaseError(error) });
        lastLogged = now;
        suppressed = 0;
        return;
      }
      suppressed++;
    },
    recovered() {
      if (since === null) return;
      log.info("database available again", { seconds: Math.round((Date.now() - since) / 1000) });
      since = null;
      if (probeTimer) clearTimeout(probeTimer);
      probeTimer = null;
    },
  };
  function startProbing() {
    if (!probe || probeTimer) return;
    probeTimer = setTimeout(() => {
      probeTimer = null;
      if (since === null || !probe) return;
      probe().then(
        () => reporter.recovered(),
        () => startProbing(),
      );
    }, PROBE_MS);
    probeTimer.unref();
  }
  return reporter;
}

const globalForOutage = globalThis as unknown as { switchyardDatabaseOutage?: OutageReporter };

/**
 * The process's one outage reporter, shared by the pg pool, pg-boss and the live listener (and by
 * bin/web.ts's and Next's module graphs), so one outage is one warning and one recovery line.
 */
export function databaseOutage(): OutageReporter {
  globalForOutage.switchyardDatabaseOutage ??= outageReporter(logger("db"));
  return globalForOutage.switchyardDatabaseOutage;
}
