// The receiver under hostile input: every request of the corpus (lib/testing/hostile-requests/
// corpus.ts) and a seeded random set (FUZZ_SEED replays one) is sent over a raw TCP socket to the
// real web server on a real PostgreSQL. While the database is up, every request gets a complete
// answer that is never 500 or 503: a JSON error with a stable code for a 4xx, and for a 200 an event
// whose stored body is byte for byte what was sent, and nothing stored for a refusal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb, pool } from "@/lib/db";
import { hostileRequests, type HostileRequest, type SourceKind } from "@/lib/testing/hostile-requests/corpus";
import { generateHostileRequests } from "@/lib/testing/hostile-requests/generate";
import { isJsonContentType } from "@/lib/pipeline/ingest/parse-payload";
import { stopSender } from "@/lib/queue";
import { createTestSource } from "@/lib/testing/factories";
import { exchange, httpRequest } from "@/lib/testing/raw-http";
import { startWebServer } from "@/lib/testing/start-web-server";

const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const GENERATED = 250;

let web: Awaited<ReturnType<typeof startWebServer>>;
const sources = {} as Record<SourceKind, { id: string; key: string }>;
const acknowledged = new Set<string>();

beforeAll(async () => {
  // Short body and header deadlines, so the stalling cases are answered quickly.
  web = await startWebServer({ limits: { headersTimeoutMs: 400, requestTimeoutMs: 5_000, ingestBodyTimeoutMs: 400 } });
  sources.plain = await createTestSource({ dedupeStrategy: "off" });
  sources.jsonPath = await createTestSource({ dedupeStrategy: "json_path", dedupeField: "id" });
  sources.header = await createTestSource({ dedupeStrategy: "header", dedupeField: "X-Delivery-Id" });
  sources.small = await createTestSource({ dedupeStrategy: "off", bodyLimitBytes: 1024 });
  sources.disabled = await createTestSource({ enabled: false });
  sources.allowlist = await createTestSource({ ipAllowlist: ["203.0.113.0/24"] });
});

afterAll(async () => {
  await web.close();
  await stopSender();
  await disconnectDb();
});

function withKey(request: Buffer, key: string): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = request.indexOf("{key}"); at >= 0; at = request.indexOf("{key}", from)) {
    parts.push(request.subarray(from, at), Buffer.from(key));
    from = at + "{key}".length;
  }
  parts.push(request.subarray(from));
  return Buffer.concat(parts);
}

async function eventCount(sourceId: string): Promise<number> {
  const { rows } = await pool().query<{ count: number }>("SELECT count(*)::int AS count FROM events WHERE source_id = $1", [sourceId]);
  return rows[0]!.count;
}

interface StoredRow {
  body: Buffer;
  content_type: string | null;
  payload: unknown;
  parse_error: string | null;
  event_type: string | null;
  dedupe_key: string | null;
}

async function check(hostile: HostileRequest): Promise<void> {
  const source = sources[hostile.source ?? "plain"];
  const where = `${hostile.name}: ${JSON.stringify(hostile.request.subarray(0, 160).toString("latin1"))}`;
  const before = await eventCount(source.id);
  const response = await exchange(web.port, withKey(hostile.request, source.key), { end: hostile.end, head: hostile.head });

  expect(response, `${where}: a complete response`).not.toBeNull();
  const { status, headers, body } = response!;
  expect(status === 200 || (status >= 400 && status < 500), `${where}: answered ${status}`).toBe(true);
  if (hostile.expect) expect(status, where).toBe(hostile.expect.status);

  if (status >= 400) {
    expect(headers["content-type"], where).toMatch(/^application\/json/);
    if (!hostile.head) {
      const code = (JSON.parse(body.toString()) as { error?: { code?: unknown } }).error?.code;
      expect(code, where).toMatch(/^[a-z_]+$/);
      if (hostile.expect?.code) expect(code, where).toBe(hostile.expect.code);
    }
    expect(await eventCount(source.id), `${where}: nothing stored for a refusal`).toBe(before);
    return;
  }

  const answer = JSON.parse(body.toString()) as { ok: boolean; eventId: string; duplicate?: boolean };
  const { rows } = await pool().query<StoredRow>("SELECT body, content_type, payload, parse_error, event_type, dedupe_key FROM events WHERE id = $1", [answer.eventId]);
  const row = rows[0];
  expect(row, `${where}: acknowledged but not stored`).toBeDefined();
  if (answer.duplicate) {
    // A repeat of a delivery acknowledged earlier in this run: the original keeps its own body.
    expect(acknowledged.has(answer.eventId), where).toBe(true);
    expect(await eventCount(source.id), where).toBe(before);
    return;
  }
  acknowledged.add(answer.eventId);
  expect(await eventCount(source.id), where).toBe(before + 1);
  expect(hostile.body, `${where}: the case names the body it sends`).toBeDefined();
  expect(row!.body.equals(hostile.body!), `${where}: stored body differs from the one sent`).toBe(true);
  // A JSON body is either stored parsed or carries a note saying why not; a form is stored as its
  // fields (an object) or raw, without a note; any other kind has neither.
  if (isJsonContentType(row!.content_type)) expect(row!.payload === null, where).toBe(row!.parse_error !== null);
  else if (/^application\/x-www-form-urlencoded\b/i.test(row!.content_type?.trim() ?? "")) {
    expect(row!.parse_error, where).toBeNull();
    if (row!.payload !== null) expect(typeof row!.payload, where).toBe("object");
  } else expect([row!.payload, row!.parse_error], where).toEqual([null, null]);
  if (hostile.stored === "parsed") expect([row!.payload !== null, row!.parse_error], where).toEqual([true, null]);
  else if (hostile.stored === "raw") expect([row!.payload, row!.parse_error], where).toEqual([null, null]);
  else if (hostile.stored) {
    expect(row!.payload, where).toBeNull();
    expect(row!.parse_error, where).toMatch(hostile.stored);
  }
}

describe("hostile requests to /in/*", () => {
  it("has a corpus of distinct cases", () => {
    expect(new Set(hostileRequests.map((hostile) => hostile.name)).size).toBe(hostileRequests.length);
    expect(hostileRequests.length).toBeGreaterThanOrEqual(60);
  });

  it.each(hostileRequests.map((hostile) => [hostile.name, hostile] as const))("corpus: %s", async (_, hostile) => {
    await check(hostile);
  });

  it.each(generateHostileRequests({ seed: SEED, count: GENERATED }).map((hostile) => [hostile.name, hostile] as const))("%s", async (_, hostile) => {
    await check(hostile);
  });

  it("reads the event type through a NUL, replacing it, and dedupes on a hashed key that holds one", async () => {
    const send = async (kind: SourceKind, body: string) => {
      const response = await exchange(web.port, httpRequest({ path: `/in/${sources[kind].key}`, headers: { "Content-Type": "application/json" }, body }));
      expect(response?.status).toBe(200);
      return JSON.parse(response!.body.toString()) as { eventId: string; duplicate?: boolean };
    };
    const typed = await send("plain", '{"type":"order\\u0000paid"}');
    const first = await send("jsonPath", '{"id":"evt\\u0000two"}');
    const again = await send("jsonPath", '{"id":"evt\\u0000two","retry":1}');
    expect(again).toEqual({ ok: true, eventId: first.eventId, duplicate: true });
    const { rows } = await pool().query<{ id: string; event_type: string | null; dedupe_key: string | null }>(
      "SELECT id, event_type, dedupe_key FROM events WHERE id = ANY($1::uuid[]) ORDER BY id = $2 DESC",
      [[typed.eventId, first.eventId], typed.eventId],
    );
    expect(rows.map((row) => row.event_type)).toEqual(["order\ufffdpaid", null]);
    expect(rows[1]!.dedupe_key).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
