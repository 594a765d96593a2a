// WORKER_HEALTH_PORT on the real worker process (`npm run worker`): GET /health answers while its
// event loop turns, and not while the process is stopped (SIGSTOP: a hung worker, as a probe sees
// it), then again once it runs; it answers while the worker waits for its database at start.
// Other paths and methods are refused, and a port already taken stops the worker at start with a
// message naming the setting.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb } from "@/lib/db";
import { eventually } from "@/lib/testing/factories";
import { productEnv, startProductProcess, type ProductProcess } from "@/lib/testing/product-processes";
import { freePort } from "@/lib/testing/test-database";

let worker: ProductProcess;
let port = 0;

async function workerEnv(healthPort: number) {
  const { DATABASE_URL = "", AUTH_SECRET = "", ENCRYPTION_KEY = "" } = process.env;
  return productEnv({ DATABASE_URL, AUTH_SECRET, ENCRYPTION_KEY, SWITCHYARD_DATABASE_PREPARED: "1", ADMIN_EMAIL: "", ADMIN_PASSWORD: "", BOOTSTRAP_API_TOKEN: "", WORKER_HEALTH_PORT: String(healthPort) });
}

/** What a probe gets: the response, or null when nothing answered within its 2 s. */
function probe(path = "/health", init: RequestInit = {}, onPort = port): Promise<Response | null> {
  return fetch(`http://127.0.0.1:${onPort}${path}`, { ...init, signal: AbortSignal.timeout(2_000) }).catch(() => null);
}

beforeAll(async () => {
  port = await freePort();
  worker = startProductProcess({ script: "worker/index.ts", env: await workerEnv(port) });
  await eventually(async () => (await probe())?.status === 200, { timeoutMs: 60_000, intervalMs: 200 });
});

afterAll(async () => {
  await worker.stop();
  await disconnectDb();
});

describe("a worker's health port", () => {
  it("answers GET /health, and refuses other paths and methods", async () => {
    const health = (await probe())!;
    expect(health.status).toBe(200);
    expect(health.headers.get("cache-control")).toBe("no-store");
    expect(await health.json()).toEqual({ status: "ok", role: "worker" });
    const post = (await probe("/health", { method: "POST", body: "x" }))!;
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    expect(await post.json()).toMatchObject({ error: { code: "method_not_allowed" } });
    const other = (await probe("/metrics"))!;
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("does not answer while the worker is stopped, and answers again once it runs", async () => {
    worker.child.kill("SIGSTOP");
    try {
      expect(await probe()).toBeNull();
    } finally {
      worker.child.kill("SIGCONT");
    }
    expect((await eventually(() => probe(), { timeoutMs: 10_000 })).status).toBe(200);
  });

  it("answers while a worker waits for a database that is not there: waiting is not hanging", async () => {
    const healthPort = await freePort();
    const env = await workerEnv(healthPort);
    const waiting = startProductProcess({ script: "worker/index.ts", env: { ...env, DATABASE_URL: `postgres://switchyard:x@127.0.0.1:${await freePort()}/switchyard`, SWITCHYARD_DATABASE_PREPARED: "" } });
    try {
      const health = await eventually(() => probe("/health", {}, healthPort), { timeoutMs: 60_000, intervalMs: 200 });
      expect(health.status).toBe(200);
      expect(waiting.child.exitCode).toBeNull();
    } finally {
      await waiting.stop();
    }
  });

  it("stops a second worker at start when the port is taken, naming the setting", async () => {
    const second = startProductProcess({ script: "worker/index.ts", env: await workerEnv(port) });
    expect(await second.exited).toEqual({ code: 1, signal: null });
    expect(second.output()).toContain(`WORKER_HEALTH_PORT: cannot listen on 127.0.0.1:${port} (EADDRINUSE)`);
  });
});
