// GET /metrics as production runs it: the web server in this process (receiver and /metrics), the
// worker in a process of its own (its counters reach /metrics through metric_snapshots). After a
// known load, the text is parsed with a Prometheus text parser and compared with the database.
import { randomUUID } from "node:crypto";
import parsePrometheusTextFormat, { type PrometheusFamily } from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { db, disconnectDb } from "@/lib/db";
import { stopSender } from "@/lib/queue";
import { createRule } from "@/lib/rules/create-rule";
import { createTestDestination, startSink, type Sink } from "@/lib/testing/delivery-fixtures";
import { createTestSource, createTestUser, eventually, TEST_ACTOR } from "@/lib/testing/factories";
import { productEnv, startProductProcess, type ProductProcess } from "@/lib/testing/product-processes";
import { startWebServer } from "@/lib/testing/start-web-server";

let web: Awaited<ReturnType<typeof startWebServer>>;
let worker: ProductProcess;
let sink: Sink;
let token = "";

beforeAll(async () => {
  sink = await startSink();
  web = await startWebServer();
  const { DATABASE_URL = "", AUTH_SECRET = "", ENCRYPTION_KEY = "" } = process.env;
  worker = startProductProcess({ script: "worker/index.ts", env: await productEnv({ DATABASE_URL, AUTH_SECRET, ENCRYPTION_KEY, SWITCHYARD_DATABASE_PREPARED: "1", ADMIN_EMAIL: "", ADMIN_PASSWORD: "", BOOTSTRAP_API_TOKEN: "" }) });
  const user = await createTestUser({ role: "admin" });
  token = (await createApiToken({ userId: user.id, name: "prometheus", actor: TEST_ACTOR })).token;
});

afterAll(async () => {
  await worker.stop();
  await web.close();
  await sink.close();
  await stopSender();
  await disconnectDb();
});

async function scrape(authorization?: string): Promise<{ status: number; contentType: string | null; text: string }> {
  const response = await fetch(`http://127.0.0.1:${web.port}/metrics`, { headers: authorization ? { authorization } : {} });
  return { status: response.status, contentType: response.headers.get("content-type"), text: await response.text() };
}

/** The sum of a family's samples whose labels include `labels` (every process's series together). */
function total(families: PrometheusFamily[], name: string, labels: Record<string, string>): number {
  const family = families.find((candidate) => candidate.name === name);
  return (family?.metrics ?? [])
    .filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels?.[key] === value))
    .reduce((sum, sample) => sum + Number(sample.value ?? sample.count ?? 0), 0);
}

/**
 * A histogram's observation count for the series with exactly these labels (besides `process`),
 * summed over processes. Read from the `_count` lines: parse-prometheus-text-format 1.1.1 merges
 * the series of a labelled histogram into one (its flattenMetrics), so it cannot tell them apart.
 */
function histogramCount(text: string, name: string, labels: Record<string, string>): number {
  return text
    .split("\n")
    .filter((line) => line.startsWith(`${name}_count{`) && Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}

async function post(key: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${web.port}/in/${key}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  await response.arrayBuffer();
  return response.status;
}

describe("GET /metrics", () => {
  it("refuses anonymous callers and bad tokens with 401", async () => {
    expect(await scrape()).toMatchObject({ status: 401 });
    expect(await scrape("Bearer swy_not_a_real_token_at_all_0000000000000000")).toMatchObject({ status: 401 });
    expect((await scrape()).text).toContain("unauthorized");
  });

  it("after a known load, the counters match the database", async () => {
    const source = await createTestSource({ dedupeStrategy: "header", dedupeField: "x-request-id" });
    const guarded = await createTestSource({ scheme: "github" });
    const destination = await createTestDestination({ url: `${sink.url}/metrics-test` });
    await createRule({ sourceId: source.id, input: { name: "all", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [destination.id] }] }, actor: TEST_ACTOR });

    const ids = Array.from({ length: 5 }, () => randomUUID());
    for (const id of ids) expect(await post(source.key, { id }, { "x-request-id": id })).toBe(200);
    for (const id of ids.slice(0, 2)) expect(await post(source.key, { id }, { "x-request-id": id })).toBe(200);
    for (let index = 0; index < 3; index += 1) expect(await post(guarded.key, { unsigned: true })).toBe(401);
    await eventually(async () => (await db().delivery.count({ where: { destinationId: destination.id, status: "succeeded" } })) === 5, { timeoutMs: 20_000 });

    const expected = {
      received: await db().event.count({ where: { sourceId: source.id } }),
      duplicates: (await db().event.aggregate({ where: { sourceId: source.id }, _sum: { duplicateCount: true } }))._sum.duplicateCount ?? 0,
      refused: await db().rejectedRequest.count({ where: { sourceId: guarded.id, reason: "signature_missing" } }),
      routed: await db().event.count({ where: { sourceId: source.id, status: "routed" } }),
      succeeded: await db().deliveryAttempt.count({ where: { delivery: { destinationId: destination.id }, responseStatus: { gte: 200, lt: 300 } } }),
    };
    expect(expected).toEqual({ received: 5, duplicates: 2, refused: 3, routed: 5, succeeded: 5 });

    // The worker's counters arrive with its next snapshot (every 5 s).
    const { families, text } = await eventually(async () => {
      const answer = await scrape(`Bearer ${token}`);
      expect(answer.status).toBe(200);
      expect(answer.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
      const parsed = parsePrometheusTextFormat(answer.text);
      return total(parsed, "switchyard_delivery_attempts_total", { destination_id: destination.id, outcome: "succeeded" }) === expected.succeeded ? { families: parsed, text: answer.text } : null;
    }, { timeoutMs: 20_000 });

    expect(total(families, "switchyard_events_received_total", { source_id: source.id })).toBe(expected.received);
    expect(total(families, "switchyard_events_duplicate_total", { source_id: source.id })).toBe(expected.duplicates);
    expect(total(families, "switchyard_events_refused_total", { source_id: guarded.id, reason: "signature_missing" })).toBe(expected.refused);
    expect(total(families, "switchyard_routing_outcomes_total", { source_id: source.id, outcome: "routed" })).toBe(expected.routed);
    expect(families.find((family) => family.name === "switchyard_delivery_attempt_duration_seconds")?.type).toBe("HISTOGRAM");
    expect(histogramCount(text, "switchyard_delivery_attempt_duration_seconds", { destination_id: destination.id })).toBe(expected.succeeded);
    // This process received exactly this file's webhooks.
    expect(histogramCount(text, "switchyard_ingest_duration_seconds", { outcome: "stored" })).toBe(5);
    expect(histogramCount(text, "switchyard_ingest_duration_seconds", { outcome: "duplicate" })).toBe(2);
    expect(histogramCount(text, "switchyard_ingest_duration_seconds", { outcome: "refused" })).toBe(3);

    // State read at scrape time, and names through the info series.
    expect(total(families, "switchyard_destination_info", { destination_id: destination.id, destination: destination.name })).toBe(1);
    expect(total(families, "switchyard_destination_circuit_open", { destination_id: destination.id })).toBe(0);
    expect(total(families, "switchyard_source_info", { source_id: source.id, source: source.name })).toBe(1);
    expect(families.find((family) => family.name === "switchyard_queue_ready_jobs")?.metrics.map((sample) => sample.labels?.queue)).toContain("deliver");
    expect(families.find((family) => family.name === "switchyard_queue_ready_items")?.metrics.map((sample) => sample.labels?.queue)).toContain("route-event");
    // This file's worker at least (one another file stopped moments ago may still count).
    expect(total(families, "switchyard_workers_running", {})).toBeGreaterThanOrEqual(1);
    // Process metrics of both processes, told apart by their `process` label.
    const cpu = families.find((family) => family.name === "switchyard_process_cpu_seconds_total");
    expect(new Set(cpu?.metrics.map((sample) => sample.labels?.process?.split(":")[0]))).toEqual(new Set(["web", "worker"]));
  });
});
