#!/usr/bin/env node
// The `switchyard` command (package.json "bin"): a client of the public API only, with nothing but
// Node's own modules, so `npx switchyard …` runs anywhere Node 20 does.
//   switchyard listen <inbox id> --forward-to http://localhost:8000/hook
//       consumes an inbox over its event stream and POSTs each message to the local URL with the
//       Standard Webhooks headers Switchyard signed it with; acks on a 2xx, nacks otherwise;
//       reconnects with Last-Event-ID when the stream drops.
//   switchyard events tail [--source <id>]
//       prints new events as they arrive.
//   switchyard events get <event id> [--json | --body]
//       shows one event: summary, verification, routing and deliveries (--json: the API's answer
//       as is; --body: the body exactly as received, on stdout, for piping into a local handler).
//   switchyard replay <event id>
//       routes the event again through its source's current rules.
// Base URL and token: --url / --token, or SWITCHYARD_URL / SWITCHYARD_TOKEN.
import { parseArgs } from "node:util";

const USAGE = `Usage:
  switchyard listen <inbox id> --forward-to <url> [--prefetch 10] [--url <base>] [--token <token>]
  switchyard events tail [--source <source id>] [--interval 2] [--url <base>] [--token <token>]
  switchyard events get <event id> [--json | --body] [--url <base>] [--token <token>]
  switchyard replay <event id> [--url <base>] [--token <token>]

  --url     Switchyard's address, e.g. https://switchyard.example.com (or SWITCHYARD_URL)
  --token   an inbox token (swyi_…) for listen, an API token (swy_…) for events and replay (or SWITCHYARD_TOKEN)`;

// An event id is a UUID; checked here so a typo gets a message instead of a request.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const FORWARD_TIMEOUT_MS = 30_000;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 15_000;

function fail(message) {
  process.stderr.write(`switchyard: ${message}\n`);
  process.exit(2);
}

function stamp() {
  return new Date().toISOString().slice(11, 19);
}

function log(line) {
  process.stdout.write(`${stamp()}  ${line}\n`);
}

function connection(values) {
  const base = (values.url ?? process.env.SWITCHYARD_URL ?? "").replace(/\/+$/, "");
  const token = values.token ?? process.env.SWITCHYARD_TOKEN ?? "";
  if (!base) fail("give Switchyard's address with --url or SWITCHYARD_URL");
  if (!/^https?:\/\//.test(base)) fail(`--url must start with http:// or https:// (got ${base})`);
  if (!token) fail("give a token with --token or SWITCHYARD_TOKEN");
  return { api: `${base}/api/v1`, headers: { authorization: `Bearer ${token}` } };
}

async function apiCall({ api, headers }, method, path, body) {
  const response = await fetch(api + path, {
    method,
    headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(json?.error?.message ?? `HTTP ${response.status}`);
    error.code = json?.error?.code ?? String(response.status);
    error.status = response.status;
    throw error;
  }
  return json;
}

/** Server-sent events of a response body: yields { id, event, data } blocks. */
async function* readEvents(body) {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields = {};
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        if (colon < 0) continue;
        const name = line.slice(0, colon);
        const value = line.slice(colon + 1).replace(/^ /, "");
        fields[name] = name === "data" && fields.data !== undefined ? `${fields.data}\n${value}` : value;
      }
      if (fields.data !== undefined) yield fields;
    }
  }
}

async function forward(target, message) {
  try {
    const response = await fetch(target, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "switchyard-cli", ...message.headers },
      body: message.body,
      redirect: "manual",
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
    });
    await response.arrayBuffer().catch(() => undefined);
    return { ok: response.status >= 200 && response.status < 300, label: String(response.status) };
  } catch (error) {
    return { ok: false, label: error?.cause?.code ?? error?.name ?? "error" };
  }
}

function describe(message) {
  try {
    const parsed = JSON.parse(message.body);
    return parsed.summary ?? parsed.event?.type ?? parsed.event?.id ?? message.id;
  } catch {
    return message.id;
  }
}

async function listen(inboxId, values) {
  const target = values["forward-to"];
  if (!inboxId) fail("name the inbox: switchyard listen <inbox id> --forward-to <url>");
  if (!target || !/^https?:\/\//.test(target)) fail("give the local URL to forward to with --forward-to http://localhost:8000/hook");
  const prefetch = Number(values.prefetch ?? 10);
  if (!Number.isInteger(prefetch) || prefetch < 1 || prefetch > 100) fail("--prefetch must be a whole number from 1 to 100");
  const conn = connection(values);
  const base = `/inboxes/${encodeURIComponent(inboxId)}`;
  let lastEventId = null;
  let failures = 0;
  let stopping = false;
  let current = null;
  const stop = () => {
    stopping = true;
    current?.abort();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);

  while (!stopping) {
    current = new AbortController();
    try {
      const response = await fetch(`${conn.api}${base}/stream?prefetch=${prefetch}`, {
        headers: { ...conn.headers, accept: "text/event-stream", ...(lastEventId ? { "last-event-id": lastEventId } : {}) },
        signal: current.signal,
      });
      if (response.status === 401 || response.status === 404) {
        const json = await response.json().catch(() => ({}));
        fail(`${json?.error?.message ?? `HTTP ${response.status}`} (${json?.error?.code ?? response.status})`);
      }
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      for await (const event of readEvents(response.body)) {
        if (event.event === "ready") {
          failures = 0;
          log(`Ready: forwarding inbox ${inboxId} to ${target} (Ctrl-C to stop)`);
          continue;
        }
        if (event.event !== "message") continue;
        const message = JSON.parse(event.data);
        const result = await forward(target, message);
        const path = `${base}/messages/${message.id}/${result.ok ? "ack" : "nack"}`;
        try {
          await apiCall(conn, "POST", path, result.ok ? { leaseId: message.leaseId } : { leaseId: message.leaseId, delaySeconds: 5, error: `forwarded: ${result.label}` });
          log(`${result.ok ? "-->" : "x->"} [${result.label}] ${describe(message)}  (message ${message.id}, attempt ${message.attempt}, ${result.ok ? "acked" : "nacked"})`);
        } catch (error) {
          log(`!!  [${result.label}] ${describe(message)}: ${result.ok ? "ack" : "nack"} refused: ${error.message}`);
        }
        // Only once settled: a reconnect resumes after the last message handled.
        lastEventId = event.id ?? lastEventId;
      }
      if (!stopping) throw new Error("stream ended");
    } catch (error) {
      if (stopping) break;
      failures += 1;
      const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** (failures - 1));
      log(`Connection lost (${error?.cause?.code ?? error.message}); reconnecting in ${(delay / 1000).toFixed(1)} s`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  log("Stopped.");
}

async function tailEvents(values) {
  const conn = connection(values);
  const interval = Number(values.interval ?? 2);
  if (!(interval >= 0.5 && interval <= 60)) fail("--interval must be between 0.5 and 60 seconds");
  const query = new URLSearchParams({ limit: "50", ...(values.source ? { source: values.source } : {}) });
  const seen = new Set();
  let first = true;
  let stopping = false;
  process.once("SIGINT", () => (stopping = true));
  process.once("SIGTERM", () => (stopping = true));
  log("Following new events (Ctrl-C to stop)");
  while (!stopping) {
    try {
      const { data } = await apiCall(conn, "GET", `/events?${query}`);
      const fresh = data.filter((event) => !seen.has(event.id)).reverse();
      for (const event of fresh) {
        seen.add(event.id);
        // Only the last page's ids matter; forget older ones so a long tail stays small.
        if (seen.size > 1000) seen.delete(seen.values().next().value);
        if (!first) log(`${event.id}  ${event.sourceName}  ${event.status}  ${event.summary ?? event.eventType ?? ""}`.trimEnd());
      }
      first = false;
    } catch (error) {
      if (error.status === 401) fail(`${error.message} (${error.code})`);
      log(`Could not list events: ${error.message}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval * 1000));
  }
}

function eventIdArgument(id, usage) {
  if (!id) fail(`name the event: ${usage}`);
  if (!UUID.test(id)) fail(`"${id}" is not an event id (a UUID, as in the events list)`);
  return id;
}

/** An API refusal ends the command with its message and code (exit 2). */
function refused(error) {
  fail(error.code ? `${error.message} (${error.code})` : error.message);
}

async function getEvent(id, values) {
  eventIdArgument(id, "switchyard events get <event id>");
  if (values.json && values.body) fail("--json and --body cannot be combined");
  const conn = connection(values);
  const { data: event } = await apiCall(conn, "GET", `/events/${id}`).catch(refused);
  if (values.json) return void process.stdout.write(`${JSON.stringify(event, null, 2)}\n`);
  if (values.body) return void process.stdout.write(Buffer.from(event.body.value, event.body.encoding === "base64" ? "base64" : "utf8"));
  const verification = event.verification.verified ? `verified (${event.verification.scheme})` : "not verified (scheme none)";
  const lines = [
    `${event.summary ?? event.eventType ?? "(no summary)"}`,
    `  event      ${event.id}`,
    `  source     ${event.sourceName} (${event.sourceId})`,
    `  received   ${event.receivedAt}  ${event.method}  ${event.body.contentType ?? "no content type"}, ${event.body.sizeBytes} bytes`,
    `  signature  ${verification}`,
    `  status     ${event.status}${event.tags.length ? `  tags: ${event.tags.join(", ")}` : ""}`,
  ];
  if (event.deliveries.length === 0) lines.push("  deliveries none");
  for (const delivery of event.deliveries) {
    const last = delivery.lastStatus ?? delivery.lastError ?? "no attempt yet";
    lines.push(`  delivery   ${delivery.destinationName}: ${delivery.status} after ${delivery.attemptCount} attempt(s), last ${last}`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

async function replayEvent(id, values) {
  eventIdArgument(id, "switchyard replay <event id>");
  const conn = connection(values);
  const { data } = await apiCall(conn, "POST", `/events/${id}/replay`, {}).catch(refused);
  log(`Replay of ${data.eventId} ${data.status === "queued" ? "queued: a new routing run appears on the event once the worker has routed it" : "was already queued"}`);
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: "string" },
      token: { type: "string" },
      "forward-to": { type: "string" },
      prefetch: { type: "string" },
      source: { type: "string" },
      interval: { type: "string" },
      json: { type: "boolean" },
      body: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, sub, ...rest] = positionals;
  if (values.help || !command) return void process.stdout.write(`${USAGE}\n`);
  if (command === "listen") return listen(sub, values);
  if (command === "events" && sub === "tail" && rest.length === 0) return tailEvents(values);
  if (command === "events" && sub === "get" && rest.length <= 1) return getEvent(rest[0], values);
  if (command === "replay" && rest.length === 0) return replayEvent(sub, values);
  fail(`unknown command "${positionals.join(" ")}"\n\n${USAGE}`);
}

main().catch((error) => fail(error?.message ?? String(error)));
