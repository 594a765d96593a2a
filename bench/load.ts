// Load generation for the ingest benchmark: ~2 KB GitHub-style webhooks driven by autocannon, each
// request with a fresh X-GitHub-Delivery id and its own X-Hub-Signature-256 HMAC. The delivery id
// of every 2xx answer is kept, so the orchestrator can check that each acknowledged webhook was
// stored. Latency is recorded here from every 2xx response (not from autocannon's histogram), so a
// phase split over several autocannon instances still gets exact percentiles.
import { createHmac, randomUUID } from "node:crypto";
import autocannon from "autocannon";

export const EVENT_TYPE = "issues";
export const BODY_BYTES = 2048;
/** A fixed-rate phase is split into this many autocannon instances, started evenly over one second. */
export const RATE_GROUPS = 10;
const REQUEST_TIMEOUT_SECONDS = 10;
const SAMPLE_BODY_CHARS = 300;
const MAX_ERROR_SAMPLES = 5;

export interface WebhookTarget {
  name: string;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** /in/<key> */
  path: string;
  secret: string;
}

export interface SignedWebhook {
  id: string;
  body: Buffer;
  headers: Record<string, string>;
}

// The body is the same GitHub "issues" event every time except for one field that carries the
// delivery id, so a request costs one Buffer.concat and one HMAC. The placeholder has a uuid's
// length, so every body has exactly the same size.
const PLACEHOLDER = "00000000-0000-4000-8000-000000000000";

function bodyTemplate(): { before: Buffer; after: Buffer } {
  const payload = {
    action: "opened",
    issue: {
      id: 2345678901,
      number: 42,
      title: "Webhook deliveries fail after secret rotation",
      state: "open",
      locked: false,
      comments: 0,
      author_association: "MEMBER",
      body: "",
      html_url: "https://github.com/octo-org/switchyard-demo/issues/42",
      url: "https://api.github.com/repos/octo-org/switchyard-demo/issues/42",
      user: { login: "octocat", id: 583231, type: "User", site_admin: false },
      labels: [{ id: 208045946, name: "bug", color: "d73a4a", default: true }],
      assignees: [],
      created_at: "2024-06-10T12:00:00Z",
      updated_at: "2024-06-10T12:00:00Z",
    },
    repository: {
      id: 123456789,
      name: "switchyard-demo",
      full_name: "octo-org/switchyard-demo",
      private: false,
      owner: { login: "octo-org", id: 9919, type: "Organization" },
      html_url: "https://github.com/octo-org/switchyard-demo",
      default_branch: "main",
      visibility: "public",
    },
    organization: { login: "octo-org", id: 9919 },
    sender: { login: "octocat", id: 583231, type: "User", site_admin: false },
    switchyard_bench: { delivery: PLACEHOLDER },
  };
  const filler = "Steps to reproduce: rotate the signing secret, send a test delivery, watch it fail. ";
  const missing = BODY_BYTES - Buffer.byteLength(JSON.stringify(payload));
  payload.issue.body = filler.repeat(Math.ceil(Math.max(0, missing) / filler.length)).slice(0, Math.max(0, missing));
  const [before, after] = JSON.stringify(payload).split(PLACEHOLDER);
  if (before === undefined || after === undefined) throw new Error("body template has no delivery placeholder");
  return { before: Buffer.from(before), after: Buffer.from(after) };
}

const TEMPLATE = bodyTemplate();

/** One webhook as GitHub sends it: HMAC-SHA256 of the raw body, hex, in X-Hub-Signature-256. */
export function signedWebhook(secret: string, id: string = randomUUID()): SignedWebhook {
  const body = Buffer.concat([TEMPLATE.before, Buffer.from(id), TEMPLATE.after]);
  const signature = createHmac("sha256", secret).update(body).digest("hex");
  return {
    id,
    body,
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/switchyard-bench",
      "x-github-event": EVENT_TYPE,
      "x-github-delivery": id,
      "x-github-hook-id": "1",
      "x-hub-signature-256": `sha256=${signature}`,
    },
  };
}

/** One request outside autocannon (fetch), to show what a target answers before loading it. */
export async function probe(target: WebhookTarget): Promise<{ id: string; status: number; body: string }> {
  const hook = signedWebhook(target.secret);
  const response = await fetch(`${target.origin}${target.path}`, {
    method: "POST",
    headers: hook.headers,
    body: Uint8Array.from(hook.body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_SECONDS * 1000),
  });
  return { id: hook.id, status: response.status, body: (await response.text()).slice(0, SAMPLE_BODY_CHARS) };
}

export interface PhaseSpec {
  label: string;
  connections: number;
  seconds: number;
  /** Offered requests per second over all connections; undefined = as fast as answers come back. */
  rate?: number;
}

export interface LatencySummary {
  p50: number;
  p99: number;
  max: number;
}

export interface PhaseResult {
  spec: PhaseSpec;
  /** Longest instance run, seconds (autocannon's measured duration). */
  durationSeconds: number;
  responses: number;
  ok: number;
  /** Every status seen, with its count. */
  statusCounts: Record<string, number>;
  /** The first body seen for each non-2xx status. */
  sampleBodies: Record<string, string>;
  /** Connection errors and timeouts (autocannon's `errors`, which includes `timeouts`). */
  socketErrors: number;
  timeouts: number;
  errorSamples: string[];
  /** 2xx answers per second (summed over instances, each over its own duration). */
  acceptedPerSecond: number;
  /** Answers plus socket errors per second: the rate actually achieved. */
  sentPerSecond: number;
  /** Latency of 2xx answers, ms; null when there were none. */
  latency: LatencySummary | null;
  /** Delivery ids that got a 2xx. */
  acked: string[];
  /** autocannon's own 2xx count, to cross-check `acked`. */
  autocannonOk: number;
}

interface PhaseState {
  acked: string[];
  statusCounts: Record<string, number>;
  sampleBodies: Record<string, string>;
  latencies: number[];
  errorSamples: string[];
}

interface DeliveryContext {
  delivery?: string;
}

const running = new Set<autocannon.Instance>();

/** Stops every running autocannon instance (Ctrl-C). */
export function stopLoad(): void {
  for (const instance of running) instance.stop();
}

function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, index) => Math.floor(total / parts) + (index < total % parts ? 1 : 0));
}

function percentile(sorted: Float64Array, quantile: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1));
  return sorted[index] ?? 0;
}

function summarise(latencies: number[]): LatencySummary | null {
  if (latencies.length === 0) return null;
  const sorted = Float64Array.from(latencies).sort();
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] ?? 0 };
}

function runInstance(
  target: WebhookTarget,
  options: { connections: number; seconds: number; rate?: number },
  state: PhaseState,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    // autocannon calls back synchronously when it rejects the options, before `instance` exists.
    let finished = false;
    let instance: autocannon.Instance | undefined = undefined;
    instance = autocannon(
      {
        url: `${target.origin}${target.path}`,
        method: "POST",
        connections: options.connections,
        duration: options.seconds,
        timeout: REQUEST_TIMEOUT_SECONDS,
        excludeErrorStats: true,
        // Latency is taken from the "response" events below, so autocannon's coordinated-omission
        // correction (only valid with a rate) is switched off.
        ...(options.rate ? { overallRate: options.rate, ignoreCoordinatedOmission: true } : {}),
        requests: [
          {
            // Called for every request. autocannon keeps one context per connection and a connection
            // has one request in flight (no pipelining), so the context names the request answered.
            setupRequest: (request, context) => {
              const hook = signedWebhook(target.secret);
              (context as DeliveryContext).delivery = hook.id;
              return { ...request, body: hook.body, headers: { ...request.headers, ...hook.headers } };
            },
            onResponse: (status, body, context) => {
              const key = String(status);
              state.statusCounts[key] = (state.statusCounts[key] ?? 0) + 1;
              if (status >= 200 && status < 300) {
                const delivery = (context as DeliveryContext).delivery;
                if (delivery) state.acked.push(delivery);
              } else if (!(key in state.sampleBodies)) {
                state.sampleBodies[key] = body.slice(0, SAMPLE_BODY_CHARS);
              }
            },
          },
        ],
      },
      (error: unknown, result: autocannon.Result) => {
        finished = true;
        if (instance) running.delete(instance);
        if (error) reject(error instanceof Error ? error : new Error("autocannon failed"));
        else resolve(result);
      },
    );
    if (!finished) running.add(instance);
    instance.on("response", (_client: autocannon.Client, status: number, _bytes: number, responseTime: number) => {
      if (status >= 200 && status < 300) state.latencies.push(responseTime);
    });
    instance.on("reqError", (error: unknown) => {
      if (state.errorSamples.length >= MAX_ERROR_SAMPLES) return;
      const message =
        error instanceof Error
          ? `${(error as NodeJS.ErrnoException).code ?? error.name}: ${error.message}`
          : "unknown error";
      if (!state.errorSamples.includes(message)) state.errorSamples.push(message);
    });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs one phase. Without a rate: one autocannon instance, closed loop. With a rate: autocannon
 * limits each connection to N requests per one-second window, which sends them in a burst at the
 * start of each second; to spread the offered load we split it over RATE_GROUPS instances started
 * 1/RATE_GROUPS s apart (each with its share of the connections and of the rate).
 */
export async function runPhase(target: WebhookTarget, spec: PhaseSpec): Promise<PhaseResult> {
  const state: PhaseState = { acked: [], statusCounts: {}, sampleBodies: {}, latencies: [], errorSamples: [] };
  const groups = spec.rate ? Math.max(1, Math.min(RATE_GROUPS, spec.connections, spec.rate)) : 1;
  const connections = split(spec.connections, groups);
  const rates = spec.rate ? split(spec.rate, groups) : [];
  const results = await Promise.all(
    connections.map(async (groupConnections, group) => {
      if (group > 0) await sleep((group * 1000) / groups);
      return runInstance(target, { connections: groupConnections, seconds: spec.seconds, rate: rates[group] }, state);
    }),
  );

  const responses = Object.values(state.statusCounts).reduce((sum, count) => sum + count, 0);
  const okFor = (result: autocannon.Result) => result["2xx"];
  return {
    spec,
    durationSeconds: Math.max(...results.map((result) => result.duration)),
    responses,
    ok: state.acked.length,
    statusCounts: state.statusCounts,
    sampleBodies: state.sampleBodies,
    socketErrors: results.reduce((sum, result) => sum + result.errors, 0),
    timeouts: results.reduce((sum, result) => sum + result.timeouts, 0),
    errorSamples: state.errorSamples,
    acceptedPerSecond: results.reduce(
      (sum, result) => sum + (result.duration > 0 ? okFor(result) / result.duration : 0),
      0,
    ),
    sentPerSecond: results.reduce(
      (sum, result) =>
        sum +
        (result.duration > 0
          ? (result["1xx"] + result["2xx"] + result["3xx"] + result["4xx"] + result["5xx"] + result.errors) /
            result.duration
          : 0),
      0,
    ),
    latency: summarise(state.latencies),
    acked: state.acked,
    autocannonOk: results.reduce((sum, result) => sum + okFor(result), 0),
  };
}
