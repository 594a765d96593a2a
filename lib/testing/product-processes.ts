// The real product's processes for fault tests: the launcher (`npm start`), or web and worker on
// their own, started on free ports and throwaway data, driven only over HTTP as a provider and an
// operator would. Every process here is one the test started; faults are only ever injected into those.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { needsBuild } from "@/lib/runtime/needs-build";
import { eventually } from "@/lib/testing/factories";
import { freePort } from "@/lib/testing/test-database";
import { tsxNodeArgs } from "@/lib/runtime/node-process-unit";

/** Builds the web app when its build is missing or stale (web processes need one; the launcher would build it too). */
export function ensureWebBuild(): void {
  if (!needsBuild(process.cwd())) return;
  const result = spawnSync(process.execPath, [join("node_modules", "next", "dist", "bin", "next"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit code ${result.status})`);
}

export interface ProductProcess {
  child: ChildProcess;
  /** Everything it printed, for a failing test's message. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it is gone. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs a TypeScript entry point (bin/start.ts, bin/web.ts, worker/index.ts) as `npm` scripts do. */
export function startProductProcess({ script, env }: { script: string; env: NodeJS.ProcessEnv }): ProductProcess {
  const child = spawn(process.execPath, tsxNodeArgs(script), { env, stdio: ["ignore", "pipe", "pipe"] });
  const chunks: string[] = [];
  const keep = (chunk: Buffer) => {
    chunks.push(chunk.toString("utf8"));
    if (chunks.length > 2000) chunks.splice(0, 1000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  return {
    child,
    output: () => chunks.join(""),
    exited,
    async stop(graceMs = 30_000) {
      if (child.exitCode === null && child.signalCode === null) {
        const kill = setTimeout(() => child.kill("SIGKILL"), graceMs);
        child.kill("SIGTERM");
        await exited;
        clearTimeout(kill);
      }
      return exited;
    },
  };
}

/** Environment for a product process: the test run's database settings removed, quiet logs, loopback only. */
export async function productEnv(extra: Record<string, string>): Promise<NodeJS.ProcessEnv & { PORT: string; BOOTSTRAP_API_TOKEN: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["DATABASE_URL", "AUTH_SECRET", "ENCRYPTION_KEY", "APP_URL", "NEXTAUTH_URL", "SWITCHYARD_DATABASE_PREPARED", "SWITCHYARD_SUPERVISED"]) delete env[name];
  return {
    ...env,
    PORT: String(await freePort()),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
    ADMIN_EMAIL: "admin@example.com",
    ADMIN_PASSWORD: randomBytes(12).toString("hex"),
    BOOTSTRAP_API_TOKEN: `swy_${randomBytes(32).toString("hex")}`,
    ...extra,
  };
}

/** Pids and command lines of a process's direct children. */
export function childProcesses(pid: number): Array<{ pid: number; command: string }> {
  const result = spawnSync("ps", ["-o", "pid=,args=", "--ppid", String(pid)], { encoding: "utf8" });
  return result.stdout
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [pid, ...command] = line.split(/\s+/);
      return { pid: Number(pid), command: command.join(" ") };
    });
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The embedded PostgreSQL's postmaster pid under a data directory. */
export function postmasterPid(pgDir: string): number {
  return Number(readFileSync(join(pgDir, "postmaster.pid"), "utf8").split("\n")[0]);
}

export interface Api {
  base: string;
  get<T>(path: string): Promise<{ status: number; body: T }>;
  post<T>(path: string, body: unknown): Promise<{ status: number; body: T }>;
}

export function apiClient(base: string, token: string): Api {
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  };
  return { base, get: (path) => call("GET", path), post: (path, body) => call("POST", path, body) };
}

/** Waits until GET /api/health answers 200, and returns its body (the details only with `token`: anonymous callers get the status alone). */
export async function waitForHealthy(base: string, { timeoutMs = 120_000, until = () => true, token }: { timeoutMs?: number; until?: (health: Health) => boolean; token?: string } = {}): Promise<Health> {
  return eventually(
    async () => {
      const response = await fetch(`${base}/api/health`, token ? { headers: { authorization: `Bearer ${token}` } } : {}).catch(() => null);
      if (response?.status !== 200) return null;
      const health = (await response.json()) as Health;
      return until(health) ? health : null;
    },
    { timeoutMs, intervalMs: 250 },
  );
}

export interface Health {
  ok: boolean;
  supervisor: { processes: Array<{ name: string; state: string; restarts: number; lastExit: { reason: string } | null }> } | null;
}

/** A source with no signature scheme, forwarding every event to `sinkUrl`. Returns its ingest URL. */
export async function setUpForwarding(api: Api, sinkUrl: string): Promise<{ ingestUrl: string; destinationId: string }> {
  const destination = await api.post<{ data: { id: string } }>("/api/v1/destinations", { name: `sink ${randomUUID()}`, url: sinkUrl, allowPrivateNetwork: true });
  if (destination.status !== 201) throw new Error(`creating the destination answered ${destination.status}: ${JSON.stringify(destination.body)}`);
  const source = await api.post<{ data: { id: string; ingestUrl: string } }>("/api/v1/sources", { name: `source ${randomUUID()}`, scheme: "none" });
  if (source.status !== 201) throw new Error(`creating the source answered ${source.status}: ${JSON.stringify(source.body)}`);
  const rule = await api.post(`/api/v1/sources/${source.body.data.id}/rules`, {
    name: "Forward everything",
    conditions: { combinator: "and", rules: [] },
    actions: [{ type: "forward", destinationIds: [destination.body.data.id] }],
  });
  if (rule.status !== 201) throw new Error(`creating the rule answered ${rule.status}: ${JSON.stringify(rule.body)}`);
  // The ingest URL is built from APP_URL; the test talks to the port it chose.
  const key = new URL(source.body.data.ingestUrl).pathname;
  return { ingestUrl: `${api.base}${key}`, destinationId: destination.body.data.id };
}

/** Sends one webhook carrying a marker; resolves with the status (0: no answer at all). */
export async function sendWebhook(ingestUrl: string, marker: string): Promise<number> {
  const response = await fetch(ingestUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "fault.test", marker }),
    signal: AbortSignal.timeout(10_000),
  }).catch(() => null);
  await response?.arrayBuffer().catch(() => undefined);
  return response?.status ?? 0;
}
