// The real web server on a free port (Next replaced by a fallback): what it answers at the edges of
// HTTP, and how it bounds slow or abandoned requests. Bounds are configured small here; the tests
// wait for outcomes (an answer, a closed connection), never for a length of time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb, pool } from "@/lib/db";
import { stopSender } from "@/lib/queue";
import type { RequestHandler } from "@/lib/runtime/create-web-server";
import { createTestSource, eventually } from "@/lib/testing/factories";
import { chunked, exchange, httpRequest, RawConnection, type RawResponse } from "@/lib/testing/raw-http";
import { startWebServer } from "@/lib/testing/start-web-server";
import { whileDatabaseAway } from "@/lib/testing/test-database";

let web: Awaited<ReturnType<typeof startWebServer>>;
let key: string;

beforeAll(async () => {
  web = await startWebServer();
  key = (await createTestSource()).key;
});

afterAll(async () => {
  await web.close();
  await stopSender();
  await disconnectDb();
});

function errorCode(response: RawResponse | null): string | undefined {
  return (JSON.parse(response?.body.toString() ?? "{}") as { error?: { code?: string } }).error?.code;
}

async function eventCount(sourceId: string): Promise<number> {
  const { rows } = await pool().query<{ count: number }>("SELECT count(*)::int AS count FROM events WHERE source_id = $1", [sourceId]);
  return rows[0]!.count;
}

async function storedBody(response: RawResponse | null) {
  expect(response?.status).toBe(200);
  const { eventId } = JSON.parse(response!.body.toString()) as { eventId: string };
  const { rows } = await pool().query<{ body: Buffer; payload: unknown; parse_error: string | null }>("SELECT body, payload, parse_error FROM events WHERE id = $1", [eventId]);
  return rows[0]!;
}

describe("the receiver's definitive answers (found by probing)", () => {
  it("answers TRACE 405, not 500", async () => {
    const response = await exchange(web.port, httpRequest({ method: "TRACE", path: `/in/${key}` }));
    expect([response?.status, errorCode(response), response?.headers.allow]).toEqual([405, "method_not_allowed", "POST, PUT, PATCH"]);
  });

  it("answers CONNECT 405 instead of dropping the connection", async () => {
    const response = await exchange(web.port, `CONNECT /in/${key} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    expect([response?.status, errorCode(response)]).toEqual([405, "method_not_allowed"]);
  });

  it.each([["%ZZ"], ["a%00b"], ["{key}%00"], ["%E0%A4%A"]])("answers a malformed key (/in/%s) 404", async (path) => {
    const response = await exchange(web.port, httpRequest({ path: `/in/${path.replace("{key}", key)}`, body: "{}" }));
    expect([response?.status, errorCode(response)]).toEqual([404, "source_not_found"]);
  });

  it("does not need a well-formed Host header", async () => {
    const body = '{"ok":true}';
    const row = await storedBody(await exchange(web.port, httpRequest({ path: `/in/${key}`, headers: { Host: "a b", "Content-Type": "application/json" }, body })));
    expect(row.body.equals(Buffer.from(body))).toBe(true);
  });

  it.each([
    ["a NUL escape", '{"a":"x\\u0000y"}', /NUL/],
    ["a lone surrogate", '{"a":"\\ud800"}', /surrogate/],
    ["nesting deeper than 512 levels", "[".repeat(6000) + "]".repeat(6000), /deeper than 512 levels/],
    ["a number out of range", '{"a":1e400}', /number/],
  ])("stores JSON with %s as raw bytes, payload null and a note", async (_, body, note) => {
    const row = await storedBody(await exchange(web.port, httpRequest({ path: `/in/${key}`, headers: { "Content-Type": "application/json" }, body })));
    expect(row.body.equals(Buffer.from(body))).toBe(true);
    expect(row.payload).toBeNull();
    expect(row.parse_error).toMatch(note);
  });

  it("stores a body that is not UTF-8 byte for byte, with a note", async () => {
    const body = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const row = await storedBody(await exchange(web.port, httpRequest({ path: `/in/${key}`, headers: { "Content-Type": "application/json" }, body })));
    expect(row.body.equals(body)).toBe(true);
    expect([row.payload, row.parse_error]).toEqual([null, expect.stringMatching(/not valid UTF-8/)]);
  });

  it("keeps raw NUL bytes out of the parse note", async () => {
    const body = Buffer.from('xyz\u0000abc');
    const row = await storedBody(await exchange(web.port, httpRequest({ path: `/in/${key}`, headers: { "Content-Type": "application/json" }, body })));
    expect(row.body.equals(body)).toBe(true);
    expect(row.parse_error).toMatch(/not valid JSON/);
  });
});

// Stands in for Next: reads the whole body, however slowly it comes, and answers its size.
const readingFallback: RequestHandler = async (request, response) => {
  let size = 0;
  for await (const chunk of request) size += (chunk as Buffer).length;
  response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ size }));
};

describe("slow or abandoned requests", () => {
  let slow: Awaited<ReturnType<typeof startWebServer>>;
  let source: Awaited<ReturnType<typeof createTestSource>>;

  beforeAll(async () => {
    // Node's whole-request limit is left long: only the receiver's body deadline is under test.
    slow = await startWebServer({ fallback: readingFallback, limits: { headersTimeoutMs: 300, requestTimeoutMs: 600_000, ingestBodyTimeoutMs: 300 } });
    source = await createTestSource();
  });
  afterAll(() => slow.close());

  const head = (length: number, path = `/in/${"{key}"}`) => `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

  /** A receiver request whose body stops halfway; resolves with its answer (the deadline's 408). */
  async function stalledIngest(): Promise<RawResponse | null> {
    const connection = await RawConnection.open(slow.port);
    await connection.write(head(20).replace("{key}", source.key) + '{"half":');
    const response = await connection.response();
    await connection.closed();
    return response;
  }

  it("answers a body that stops arriving 408 request_timeout, closes the connection and stores nothing", async () => {
    const response = await stalledIngest();
    expect([response?.status, errorCode(response), response?.headers.connection]).toEqual([408, "request_timeout", "close"]);
    expect(await eventCount(source.id)).toBe(0);
    const { rows } = await pool().query("SELECT status, reason FROM rejected_requests WHERE source_id = $1", [source.id]);
    expect(rows).toEqual([{ status: 408, reason: "request_timeout" }]);
  });

  it("answers a body that ends short of its Content-Length 400 and stores nothing", async () => {
    const response = await exchange(slow.port, head(20).replace("{key}", source.key) + '{"short":', { end: true });
    expect([response?.status, errorCode(response)]).toEqual([400, "request_incomplete"]);
    expect(await eventCount(source.id)).toBe(0);
  });

  it("answers headers that stop arriving 408", async () => {
    const response = await exchange(slow.port, `POST /in/${source.key} HTTP/1.1\r\nHost: x\r\nX-Slow: `);
    expect([response?.status, errorCode(response)]).toEqual([408, "request_timeout"]);
  });

  it("does not hold the dashboard to the receiver's body deadline", async () => {
    const dashboard = await RawConnection.open(slow.port);
    await dashboard.write(head(10, "/settings") + "12345");
    // A receiver request sent after it has been timed out: the deadline has passed for both.
    expect((await stalledIngest())?.status).toBe(408);
    await dashboard.write("67890");
    const response = await dashboard.response();
    dashboard.destroy();
    expect([response?.status, response?.body.toString()]).toEqual([200, '{"size":10}']);
  });

  it("keeps a kept-alive connection usable past the header and body deadlines", async () => {
    const sender = await RawConnection.open(slow.port);
    const send = async (body: string) => {
      await sender.write(head(Buffer.byteLength(body)).replace("{key}", source.key) + body);
      return sender.response();
    };
    expect((await send('{"n":1}'))?.status).toBe(200);
    // Both deadlines pass while the connection is idle.
    expect((await stalledIngest())?.status).toBe(408);
    expect((await exchange(slow.port, `POST /in/${source.key} HTTP/1.1\r\nHost: x\r\n`))?.status).toBe(408);
    expect((await send('{"n":2}'))?.status).toBe(200);
    expect(sender.isClosed).toBe(false);
    sender.destroy();
  });

  it("answers pipelined requests in order and stores each body exactly", async () => {
    const bodies = ['{"pipelined":1}', '{"pipelined":2}'];
    const connection = await RawConnection.open(slow.port);
    await connection.write(bodies.map((body) => head(body.length).replace("{key}", source.key) + body).join(""));
    for (const body of bodies) expect((await storedBody(await connection.response())).body.toString()).toBe(body);
    connection.destroy();
  });

  it("gets a 413 to a sender still streaming a chunked body, and keeps its connection usable", async () => {
    const small = await createTestSource({ bodyLimitBytes: 1024 });
    const connection = await RawConnection.open(slow.port);
    await connection.write(httpRequest({ path: `/in/${small.key}`, headers: { "Transfer-Encoding": "chunked" }, body: chunked(Buffer.alloc(64 * 1024, 0x61), 1024) }));
    const refused = await connection.response();
    expect([refused?.status, errorCode(refused)]).toEqual([413, "payload_too_large"]);
    await connection.write(httpRequest({ path: `/in/${small.key}`, body: "{}" }));
    expect((await connection.response())?.status).toBe(200);
    connection.destroy();
    expect(await eventCount(small.id)).toBe(1);
  });
});

describe("the connection cap", () => {
  it("refuses connections past MAX_CONNECTIONS at once while open keep-alive connections keep working", async () => {
    const capped = await startWebServer({ limits: { maxConnections: 2 } });
    const source = await createTestSource();
    const request = () => httpRequest({ path: `/in/${source.key}`, body: "{}" });
    const connections = (): Promise<number> => new Promise((resolve, reject) => capped.server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
    try {
      const kept = await RawConnection.open(capped.port);
      await kept.write(request());
      expect((await kept.response())?.status).toBe(200);
      const idle = await RawConnection.open(capped.port);
      await eventually(async () => (await connections()) === 2);

      const refused = await RawConnection.open(capped.port);
      await refused.write(request());
      expect(await refused.response()).toBeNull();
      expect(refused.pending.length).toBe(0);

      await kept.write(request());
      expect((await kept.response())?.status).toBe(200);

      idle.destroy();
      await eventually(async () => (await connections()) === 1);
      expect((await exchange(capped.port, request()))?.status).toBe(200);
      kept.destroy();
      expect(await eventCount(source.id)).toBe(3);
    } finally {
      await capped.close();
    }
  });
});

describe("the database going away", () => {
  it("answers 503 with Retry-After mid-request, stores nothing, and stores again once it is back", async () => {
    const source = await createTestSource();
    const connection = await RawConnection.open(web.port);
    const body = '{"while":"the database is away"}';
    await connection.write(`POST /in/${source.key} HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`);
    let response: RawResponse | null;
    try {
      response = await whileDatabaseAway(async () => {
        await connection.write(body.slice(10));
        return connection.response();
      });
    } finally {
      connection.destroy();
    }
    expect([response?.status, response?.headers["retry-after"], errorCode(response)]).toEqual([503, "10", "temporarily_unavailable"]);
    expect(await eventCount(source.id)).toBe(0);
    const row = await storedBody(await exchange(web.port, httpRequest({ path: `/in/${source.key}`, body })));
    expect(row.body.toString()).toBe(body);
  });
});
