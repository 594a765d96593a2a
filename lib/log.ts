// Structured logging: one JSON object per line on stdout/stderr, so any log shipper can parse it.
// Keys that look like secrets are redacted wherever they appear, as a last line of defence.

type Level = "debug" | "info" | "warn" | "error";

// Logging must never take the process down, nor spin it. When whatever reads our stdout or stderr
// goes away (a closed pipe: a dead launcher, a log shipper that quit), writes fail with EPIPE.
// Without a listener that error becomes an uncaught exception, which Next's handler logs to stderr,
// which fails again, for ever (seen: a web process at 73% of a core for two hours). So the streams'
// errors are absorbed, and a stream that is gone is no longer written to: the process keeps serving.
const gone = { stdout: false, stderr: false };
const globalForLog = globalThis as unknown as { switchyardLogStreamsGuarded?: boolean };
if (!globalForLog.switchyardLogStreamsGuarded) {
  globalForLog.switchyardLogStreamsGuarded = true;
  process.stdout.on("error", () => (gone.stdout = true));
  process.stderr.on("error", () => (gone.stderr = true));
}
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /secret|password|token|authorization|cookie|signature|api[-_]?key/i;

function threshold(): number {
  const level = process.env.LOG_LEVEL as Level | undefined;
  return order[level ?? "info"] ?? order.info;
}

function redact(value: unknown, depth = 0): unknown {
  if (depth > 5 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      SECRET_KEY.test(key) ? "[redacted]" : redact(inner, depth + 1),
    ]),
  );
}

function write(level: Level, scope: string, message: string, fields?: Record<string, unknown>) {
  if (order[level] < threshold()) return;
  const line = JSON.stringify({
    time: new Date().toISOString(),
    level,
    scope,
    msg: message,
    ...(fields ? (redact(fields) as Record<string, unknown>) : {}),
  });
  if (level === "error" || level === "warn") {
    if (!gone.stderr) process.stderr.write(line + "\n");
  } else if (!gone.stdout) process.stdout.write(line + "\n");
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function logger(scope: string): Logger {
  return {
    debug: (message, fields) => write("debug", scope, message, fields),
    info: (message, fields) => write("info", scope, message, fields),
    warn: (message, fields) => write("warn", scope, message, fields),
    error: (message, fields) => write("error", scope, message, fields),
  };
}
