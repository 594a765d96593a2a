// `npm start` keeps the product up through the faults of an ordinary day: the worker, the web
// process and the embedded PostgreSQL are each killed with SIGKILL in turn, and each comes back by
// itself, as does a worker that stops without dying (SIGSTOP), while what was acknowledged is
// delivered. Only SIGTERM stops everything, leaving nothing behind.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NODE_FLAGS } from "@/lib/runtime/node-process-unit";
import { startSink, type Sink } from "@/lib/testing/delivery-fixtures";
import { eventually } from "@/lib/testing/factories";
import {
  apiClient,
  childProcesses,
  ensureWebBuild,
  isProcessAlive,
  postmasterPid,
  productEnv,
  sendWebhook,
  setUpForwarding,
  startProductProcess,
  waitForHealthy,
  type Health,
  type ProductProcess,
} from "@/lib/testing/product-processes";
import { freePort } from "@/lib/testing/test-database";

let dataDir: string;
let launcher: ProductProcess;
let sink: Sink;
let base: string;
let ingestUrl: string;
/** The launcher's processes are in /api/health's details, which need a token. */
let token: string;
const acknowledged: string[] = [];

function restartsOf(health: Health, name: string): number {
  return health.supervisor?.processes.find((process) => process.name === name)?.restarts ?? -1;
}

function running(health: Health, name: string, restarts: number): boolean {
  const process = health.supervisor?.processes.find((candidate) => candidate.name === name);
  return process?.state === "running" && process.restarts === restarts;
}

/** A process's scheduling niceness (/proc/<pid>/stat, field 19). */
function nicenessOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return Number(fields[16]);
}

function childPid(pattern: RegExp): number {
  const child = childProcesses(launcher.child.pid!).find((process) => pattern.test(process.command));
  if (!child) throw new Error(`no child of the launcher matches ${pattern}:\n${launcher.output().slice(-3000)}`);
  return child.pid;
}

/** Sends a webhook until one is acknowledged (a sender's retries), and remembers its marker. */
async function sendAcknowledged(): Promise<string> {
  const marker = randomUUID();
  await eventually(async () => (await sendWebhook(ingestUrl, marker)) === 200, { timeoutMs: 60_000, intervalMs: 200 });
  acknowledged.push(marker);
  return marker;
}

function delivered(marker: string): number {
  return sink.requests.filter((request) => request.body.toString("utf8").includes(marker)).length;
}

beforeAll(async () => {
  ensureWebBuild();
  dataDir = await mkdtemp(join(tmpdir(), "switchyard-faults-"));
  sink = await startSink();
  // The shortest allowed wait before an unresponsive process is restarted (60 s by default).
  const env = await productEnv({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), UNRESPONSIVE_RESTART_SECONDS: "15", WORKER_NICE: "3" });
  base = `http://127.0.0.1:${env.PORT}`;
  launcher = startProductProcess({ script: "bin/start.ts", env });
  token = env.BOOTSTRAP_API_TOKEN;
  await waitForHealthy(base, { token, until: (health) => ["postgres", "web", "worker"].every((name) => running(health, name, 0)) });
  ({ ingestUrl } = await setUpForwarding(apiClient(base, env.BOOTSTRAP_API_TOKEN), sink.url));
}, 300_000);

afterAll(async () => {
  await launcher?.stop();
  await sink?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("npm start under faults", () => {
  it("runs the worker at the CPU priority WORKER_NICE sets, below the receiver's", () => {
    // `nice -n` adds to the launcher's own niceness (the web process keeps the launcher's).
    const web = nicenessOf(childPid(/bin\/web\.ts/));
    expect(web).toBe(nicenessOf(launcher.child.pid!));
    expect(nicenessOf(childPid(/worker\/index\.ts/))).toBe(Math.min(19, web + 3));
  });


  it("starts web and worker with the V8 flags NODE_FLAGS names (a larger young generation)", () => {
    for (const pattern of [/bin\/web\.ts/, /worker\/index\.ts/]) {
      const args = readFileSync(`/proc/${childPid(pattern)}/cmdline`, "utf8").split("\0");
      for (const flag of NODE_FLAGS) expect(args).toContain(flag);
    }
  });

  it("restarts a killed worker without touching web or PostgreSQL, and the delivery completes", async () => {
    const web = childPid(/bin\/web\.ts/);
    process.kill(childPid(/worker\/index\.ts/), "SIGKILL");
    // Ingest does not need the worker: the webhook is acknowledged while it is down or restarting.
    const marker = await sendAcknowledged();
    const health = await waitForHealthy(base, { token, until: (current) => running(current, "worker", 1) });
    expect(health.supervisor?.processes.find((process) => process.name === "worker")?.lastExit?.reason).toBe("killed by SIGKILL");
    expect([restartsOf(health, "web"), restartsOf(health, "postgres")]).toEqual([0, 0]);
    expect(childPid(/bin\/web\.ts/)).toBe(web);
    await eventually(() => delivered(marker) > 0, { timeoutMs: 60_000 });
  }, 120_000);

  it("restarts a killed web process; ingest answers again and routing goes on", async () => {
    process.kill(childPid(/bin\/web\.ts/), "SIGKILL");
    await waitForHealthy(base, { token, until: (health) => running(health, "web", 1) && running(health, "worker", 1) });
    const marker = await sendAcknowledged();
    await eventually(() => delivered(marker) > 0, { timeoutMs: 60_000 });
  }, 120_000);

  it("restarts a killed embedded PostgreSQL; web and worker carry on without a restart", async () => {
    const [web, worker] = [childPid(/bin\/web\.ts/), childPid(/worker\/index\.ts/)];
    const postmaster = postmasterPid(join(dataDir, "pg"));
    process.kill(postmaster, "SIGKILL");
    await eventually(() => !isProcessAlive(postmaster), { timeoutMs: 10_000 });
    const health = await waitForHealthy(base, { token, until: (current) => running(current, "postgres", 1) });
    expect([restartsOf(health, "web"), restartsOf(health, "worker")]).toEqual([1, 1]);
    expect(postmasterPid(join(dataDir, "pg"))).not.toBe(postmaster);
    const marker = await sendAcknowledged();
    await eventually(() => delivered(marker) > 0, { timeoutMs: 60_000 });
    expect([childPid(/bin\/web\.ts/), childPid(/worker\/index\.ts/)]).toEqual([web, worker]);
  }, 120_000);

  it("restarts a worker that stopped without dying (SIGSTOP) once it has been silent too long", async () => {
    const [web, frozen] = [childPid(/bin\/web\.ts/), childPid(/worker\/index\.ts/)];
    process.kill(frozen, "SIGSTOP");
    try {
      const marker = await sendAcknowledged();
      const health = await waitForHealthy(base, { token, until: (current) => running(current, "worker", 2) });
      expect(health.supervisor?.processes.find((process) => process.name === "worker")?.lastExit).toMatchObject({
        signal: "SIGKILL",
        reason: expect.stringMatching(/^unresponsive: no sign of life for \d+ s, so killed$/) as unknown,
      });
      expect(isProcessAlive(frozen)).toBe(false);
      expect(childPid(/bin\/web\.ts/)).toBe(web);
      await eventually(() => delivered(marker) > 0, { timeoutMs: 60_000 });
    } finally {
      if (isProcessAlive(frozen)) process.kill(frozen, "SIGCONT");
    }
  }, 120_000);

  it("delivered every acknowledged webhook exactly once", () => {
    expect(acknowledged).toHaveLength(4);
    expect(acknowledged.map(delivered)).toEqual([1, 1, 1, 1]);
  });

  it("stops everything on SIGTERM, cleanly and completely", async () => {
    const children = childProcesses(launcher.child.pid!).filter((process) => /bin\/web\.ts|worker\/index\.ts/.test(process.command));
    const postmaster = postmasterPid(join(dataDir, "pg"));
    expect(children).toHaveLength(2);
    expect(await launcher.stop()).toEqual({ code: 0, signal: null });
    await eventually(() => ![...children.map((child) => child.pid), postmaster].some(isProcessAlive), { timeoutMs: 10_000 });
  }, 60_000);
});
