// Real HTTP(S) servers on loopback only. Every refusal test checks that the local server saw no TCP
// connection at all: the guard must refuse before connecting. Non-loopback addresses (private
// ranges, metadata, public) are only ever exercised through checkUrl (check-url.test.ts), which
// never connects, so a guard bug here could at worst reach our own loopback servers.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net, { type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GuardedRequestError } from "./errors";
import { guardedRequest, type GuardedRequestOptions, type HostLookup } from "./guarded-request";

interface TestServer {
  port: number;
  /** TCP connections accepted, whether or not a request followed. */
  connections: number;
  requests: http.IncomingMessage[];
  bodies: string[];
  sockets: Set<Socket>;
  close: () => Promise<void>;
}

const servers: TestServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) => res.end("ok"),
  host = "127.0.0.1",
  server: http.Server = http.createServer(),
  port = 0,
): Promise<TestServer> {
  const state: TestServer = {
    port: 0,
    connections: 0,
    requests: [],
    bodies: [],
    sockets: new Set(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of state.sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const onConnection = (socket: Socket): void => {
    state.connections += 1;
    state.sockets.add(socket);
    socket.on("close", () => state.sockets.delete(socket));
  };
  // TLS servers see the TCP connection before the handshake on "connection" too.
  server.on("connection", onConnection);
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    state.requests.push(req);
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      state.bodies.push(Buffer.concat(chunks).toString());
      handler(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  state.port = (server.address() as AddressInfo).port;
  servers.push(state);
  return state;
}

/** A port that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function failure(promise: Promise<unknown>): Promise<GuardedRequestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GuardedRequestError) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}

const loopbackOnly: HostLookup = () => Promise.resolve([{ address: "127.0.0.1", family: 4 }]);
const LOCAL = { allowCidrs: ["127.0.0.1/32"], timeoutMs: 3000 } satisfies Partial<GuardedRequestOptions>;

describe("guardedRequest: refusing before connecting", () => {
  const literalForms = [
    (port: number) => `http://127.0.0.1:${port}/`,
    (port: number) => `http://2130706433:${port}/`,
    (port: number) => `http://0177.0.0.1:${port}/`,
    (port: number) => `http://0x7f.1:${port}/`,
    (port: number) => `http://0x7f000001:${port}/`,
    (port: number) => `http://127.1:${port}/`,
    (port: number) => `http://127.0.0.1.:${port}/`,
    (port: number) => `http://[::ffff:127.0.0.1]:${port}/`,
    (port: number) => `http://[::ffff:7f00:1]:${port}/`,
    (port: number) => `http://[0:0:0:0:0:ffff:7f00:1]:${port}/`,
  ];

  it("refuses every spelling of a loopback literal without connecting", async () => {
    const server = await startServer();
    for (const form of literalForms) {
      const error = await failure(guardedRequest({ url: form(server.port), timeoutMs: 3000 }));
      expect(error.kind, form(server.port)).toBe("blocked_address");
      expect(error.message).toContain("loopback");
      expect(error.address).toMatch(/^(127\.0\.0\.1|::ffff:7f00:1)$/);
    }
    expect(server.connections).toBe(0);
  });

  it("refuses [::1] without connecting", async () => {
    const server = await startServer(undefined, "::1");
    const error = await failure(guardedRequest({ url: `http://[::1]:${server.port}/`, timeoutMs: 3000 }));
    expect(error.kind).toBe("blocked_address");
    expect(error.address).toBe("::1");
    expect(server.connections).toBe(0);
  });

  it("refuses localhost by default (system resolver)", async () => {
    const server = await startServer();
    const error = await failure(guardedRequest({ url: `http://localhost:${server.port}/`, timeoutMs: 3000 }));
    expect(error.kind).toBe("blocked_address");
    expect(error.message).toMatch(/localhost: it resolves to (127\.0\.0\.1|::1)/);
    expect(server.connections).toBe(0);
  });

  it("refuses a hostname whose lookup returns a loopback address", async () => {
    const server = await startServer();
    const error = await failure(
      guardedRequest({ url: `http://hooks.example.test:${server.port}/`, timeoutMs: 3000, lookup: loopbackOnly }),
    );
    expect(error.kind).toBe("blocked_address");
    expect(error.address).toBe("127.0.0.1");
    expect(error.message).toContain("hooks.example.test");
    expect(server.connections).toBe(0);
  });

  it("refuses a mixed DNS answer when any address is disallowed, even if an allowed one comes first", async () => {
    const server = await startServer();
    const lookup: HostLookup = () =>
      Promise.resolve([
        { address: "127.0.0.1", family: 4 },
        { address: "::1", family: 6 },
      ]);
    const error = await failure(guardedRequest({ url: `http://mixed.example.test:${server.port}/`, ...LOCAL, lookup }));
    expect(error.kind).toBe("blocked_address");
    expect(error.address).toBe("::1");
    expect(server.connections).toBe(0);
  });

  it("refuses when the loopback sink is not covered by the allowlist", async () => {
    const server = await startServer();
    const error = await failure(
      guardedRequest({
        url: `http://127.0.0.1:${server.port}/`,
        timeoutMs: 3000,
        allowCidrs: ["127.0.0.2/32", "10.0.0.0/8"],
      }),
    );
    expect(error.kind).toBe("blocked_address");
    expect(server.connections).toBe(0);
  });

  it.each([
    "file:///etc/passwd",
    "ftp://127.0.0.1/x",
    "gopher://127.0.0.1:70/_x",
    "javascript:alert(1)",
    "data:text/plain,hi",
    "ws://127.0.0.1/",
  ])("refuses the non-http URL %s", async (url) => {
    const error = await failure(guardedRequest({ url, ...LOCAL }));
    expect(error.kind).toBe("invalid_url");
    expect(error.message).toContain("Only http and https");
  });

  it("refuses URLs with credentials, unparsable URLs and port 0", async () => {
    const server = await startServer();
    for (const url of [
      `http://user:secret@127.0.0.1:${server.port}/`,
      `http://user@127.0.0.1:${server.port}/`,
      `http://:secret@127.0.0.1:${server.port}/`,
    ]) {
      const error = await failure(guardedRequest({ url, ...LOCAL }));
      expect(error.kind, url).toBe("invalid_url");
      expect(error.message).toContain("username or password");
    }
    for (const url of ["not a url", "", "http://", "http://1.2.3.4.5/", "http://[::1/", "http://127.0.0.1:0/"]) {
      expect((await failure(guardedRequest({ url, ...LOCAL }))).kind, url).toBe("invalid_url");
    }
    expect(server.connections).toBe(0);
  });

  it("reports DNS failures as kind dns", async () => {
    const nxdomain: HostLookup = (hostname) =>
      Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }));
    const error = await failure(guardedRequest({ url: "http://nothing.example.test/", ...LOCAL, lookup: nxdomain }));
    expect(error.kind).toBe("dns");
    expect(error.code).toBe("ENOTFOUND");
    expect(error.message).toContain("nothing.example.test");
    const empty = await failure(
      guardedRequest({ url: "http://empty.example.test/", ...LOCAL, lookup: () => Promise.resolve([]) }),
    );
    expect(empty.kind).toBe("dns");
  });

  it("rejects a broken allowlist, bad methods and bad headers as invalid_request", async () => {
    const server = await startServer();
    const url = `http://127.0.0.1:${server.port}/`;
    const badCidr = await failure(guardedRequest({ url, timeoutMs: 1000, allowCidrs: ["127.0.0.1/33"] }));
    expect(badCidr.kind).toBe("invalid_request");
    expect(badCidr.message).toContain("127.0.0.1/33");
    expect((await failure(guardedRequest({ url, ...LOCAL, method: "GE T" }))).kind).toBe("invalid_request");
    expect((await failure(guardedRequest({ url, ...LOCAL, headers: { "x-a": "1\r\nx-b: 2" } }))).kind).toBe(
      "invalid_request",
    );
    expect((await failure(guardedRequest({ url, ...LOCAL, timeoutMs: 0 }))).kind).toBe("invalid_request");
    expect(server.connections).toBe(0);
  });
});

describe("guardedRequest: allowed destinations", () => {
  it("reaches a loopback sink only when allowCidrs covers it", async () => {
    const server = await startServer((_req, res) => res.end("hello"));
    const response = await guardedRequest({ url: `http://127.0.0.1:${server.port}/hook`, ...LOCAL });
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe("hello");
    expect(response.truncated).toBe(false);
    expect(response.remoteAddress).toBe("127.0.0.1");
    expect(response.durationMs).toBeGreaterThanOrEqual(0);
    expect(server.requests).toHaveLength(1);
  });

  it("reaches odd spellings of the allowed literal (normalised by the URL parser)", async () => {
    const server = await startServer();
    for (const url of [
      `http://2130706433:${server.port}/`,
      `http://0x7f.1:${server.port}/`,
      `http://[::ffff:127.0.0.1]:${server.port}/`,
    ]) {
      const response = await guardedRequest({ url, ...LOCAL });
      expect(response.status, url).toBe(200);
      expect(response.remoteAddress).toBe("127.0.0.1");
    }
    expect(server.requests.map((req) => req.headers.host)).toEqual([
      `127.0.0.1:${server.port}`,
      `127.0.0.1:${server.port}`,
      `[::ffff:7f00:1]:${server.port}`,
    ]);
  });

  it("reaches loopback with allowPrivateNetwork (localhost, IPv4 and IPv6)", async () => {
    const v4 = await startServer();
    const v6 = await startServer(undefined, "::1");
    expect(
      (await guardedRequest({ url: `http://localhost:${v4.port}/`, timeoutMs: 3000, allowPrivateNetwork: true }))
        .status,
    ).toBe(200);
    const viaV6 = await guardedRequest({ url: `http://[::1]:${v6.port}/`, timeoutMs: 3000, allowPrivateNetwork: true });
    expect(viaV6.remoteAddress).toBe("::1");
    expect(v6.requests[0]?.headers.host).toBe(`[::1]:${v6.port}`);
  });

  it("sends method, headers and body; keeps the URL's host in the Host header; ignores a caller Host", async () => {
    const server = await startServer((_req, res) => res.end());
    await guardedRequest({
      url: `http://hooks.example.test:${server.port}/in/abc?x=1&y=2#frag`,
      ...LOCAL,
      lookup: loopbackOnly,
      headers: {
        "content-type": "application/json",
        "X-Signature": "sig",
        Host: "evil.example",
        "Transfer-Encoding": "chunked",
      },
      body: '{"a":1}',
    });
    await guardedRequest({
      url: `http://hooks.example.test:${server.port}/get`,
      ...LOCAL,
      lookup: loopbackOnly,
      method: "get",
    });
    const [post, get] = server.requests;
    expect(post?.method).toBe("POST");
    expect(post?.url).toBe("/in/abc?x=1&y=2");
    expect(post?.headers.host).toBe(`hooks.example.test:${server.port}`);
    expect(post?.headers["content-type"]).toBe("application/json");
    expect(post?.headers["x-signature"]).toBe("sig");
    expect(post?.headers["content-length"]).toBe("7");
    expect(post?.headers["transfer-encoding"]).toBeUndefined();
    expect(server.bodies[0]).toBe('{"a":1}');
    expect(get?.method).toBe("GET");
  });

  it("pins the connection to the vetted address: the name is resolved exactly once", async () => {
    const server = await startServer();
    let calls = 0;
    // A rebinding resolver: first the allowed sink, then an address that must never be used.
    const rebinding: HostLookup = () => {
      calls += 1;
      return Promise.resolve(
        calls === 1 ? [{ address: "127.0.0.1", family: 4 }] : [{ address: "127.0.0.2", family: 4 }],
      );
    };
    const response = await guardedRequest({
      url: `http://rebind.example.test:${server.port}/`,
      ...LOCAL,
      lookup: rebinding,
    });
    expect(response.remoteAddress).toBe("127.0.0.1");
    expect(calls).toBe(1);
  });

  it("returns 3xx responses without following them", async () => {
    const target = await startServer();
    const redirector = await startServer((_req, res) => {
      res.writeHead(302, { Location: `http://127.0.0.1:${target.port}/elsewhere` });
      res.end("moved");
    });
    const response = await guardedRequest({ url: `http://127.0.0.1:${redirector.port}/`, ...LOCAL });
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`http://127.0.0.1:${target.port}/elsewhere`);
    expect(response.body.toString()).toBe("moved");
    expect(target.connections).toBe(0);
  });

  it("returns 4xx/5xx responses and their headers", async () => {
    const server = await startServer((req, res) => {
      res.setHeader("X-Request-Id", "abc");
      res.setHeader("Set-Cookie", ["a=1", "b=2"]);
      res.statusCode = req.url === "/missing" ? 404 : 503;
      res.end("nope");
    });
    const notFound = await guardedRequest({ url: `http://127.0.0.1:${server.port}/missing`, ...LOCAL });
    expect(notFound.status).toBe(404);
    expect(notFound.headers["x-request-id"]).toBe("abc");
    expect(notFound.headers["set-cookie"]).toBe("a=1, b=2");
    expect(notFound.headers["content-length"]).toBe("4");
    const unavailable = await guardedRequest({ url: `http://127.0.0.1:${server.port}/`, ...LOCAL });
    expect(unavailable.status).toBe(503);
    expect(unavailable.body.toString()).toBe("nope");
  });

  it("truncates the body at maxResponseBytes but still completes the request", async () => {
    const big = Buffer.alloc(200 * 1024, "a");
    const server = await startServer((req, res) => {
      if (req.url === "/exact") return res.end(Buffer.alloc(10, "b"));
      // Chunked and in pieces, so truncation happens mid-stream.
      res.write(big.subarray(0, 50_000));
      setTimeout(() => res.end(big.subarray(50_000)), 20);
    });
    const url = `http://127.0.0.1:${server.port}/`;
    const byDefault = await guardedRequest({ url, ...LOCAL });
    expect(byDefault.status).toBe(200);
    expect(byDefault.body.length).toBe(64 * 1024);
    expect(byDefault.truncated).toBe(true);
    const small = await guardedRequest({ url, ...LOCAL, maxResponseBytes: 10 });
    expect(small.body.toString()).toBe("aaaaaaaaaa");
    expect(small.truncated).toBe(true);
    const exact = await guardedRequest({ url: `${url}exact`, ...LOCAL, maxResponseBytes: 10 });
    expect(exact.body.toString()).toBe("bbbbbbbbbb");
    expect(exact.truncated).toBe(false);
    const none = await guardedRequest({ url, ...LOCAL, maxResponseBytes: 0 });
    expect(none.body.length).toBe(0);
    expect(none.truncated).toBe(true);
  });
});

describe("guardedRequest: keep-alive pools", () => {
  it("carries consecutive requests to the same vetted address on one connection", async () => {
    const server = await startServer();
    for (let i = 0; i < 3; i++) {
      const response = await guardedRequest({ url: `http://127.0.0.1:${server.port}/`, ...LOCAL, body: `n${i}` });
      expect(response.status).toBe(200);
    }
    expect(server.bodies).toEqual(["n0", "n1", "n2"]);
    expect(server.connections).toBe(1);
  });

  it("never reuses a connection once the name resolves to another address", async () => {
    const first = await startServer(undefined, "127.0.0.1");
    // The same port on another loopback address: only the resolved address tells them apart.
    const moved = await startServer(undefined, "127.0.0.2", http.createServer(), first.port);
    let answer = "127.0.0.1";
    const lookup: HostLookup = () => Promise.resolve([{ address: answer, family: 4 }]);
    const request = () => guardedRequest({ url: `http://hooks.example.test:${first.port}/`, allowCidrs: ["127.0.0.0/8"], timeoutMs: 3000, lookup });
    expect((await request()).remoteAddress).toBe("127.0.0.1");
    answer = "127.0.0.2";
    expect((await request()).remoteAddress).toBe("127.0.0.2");
    expect(first.connections).toBe(1);
    expect(moved.connections).toBe(1);
  });

  it("sends a request again on a new connection when its pooled one was closed by the server", async () => {
    const served = new WeakMap<Socket, number>();
    // The second request on a connection finds it closed, as when a server drops an idle socket
    // just as it is reused; a request on a fresh connection is answered.
    const server = await startServer((req, res) => {
      const count = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, count);
      if (count > 1) req.socket.destroy();
      else res.end("ok");
    });
    await guardedRequest({ url: `http://127.0.0.1:${server.port}/`, ...LOCAL, body: "first" });
    const response = await guardedRequest({ url: `http://127.0.0.1:${server.port}/`, ...LOCAL, body: "second" });
    expect(response.status).toBe(200);
    expect(server.bodies).toEqual(["first", "second", "second"]);
    expect(server.connections).toBe(2);
  });

  it("never returns a connection to the pool after a failure", async () => {
    const server = await startServer((req, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write("partial", () => req.socket.destroy());
    });
    await failure(guardedRequest({ url: `http://127.0.0.1:${server.port}/`, ...LOCAL }));
    await failure(guardedRequest({ url: `http://127.0.0.1:${server.port}/`, ...LOCAL }));
    expect(server.connections).toBe(2);
  });
});

describe("guardedRequest: failures", () => {
  // The server never answers and the lookup never returns: only the timeout can end these requests,
  // so no clock is read here (a wall-clock bound would only measure how busy the machine is).
  it("times out on a server that never answers, and closes the socket", async () => {
    const server = await startServer(() => {
      // never respond
    });
    const error = await failure(guardedRequest({ url: `http://127.0.0.1:${server.port}/`, ...LOCAL, timeoutMs: 200 }));
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("waiting for the response");
    expect(server.connections).toBe(1);
    // The client side must have closed its socket: the server's socket closes after it.
    await expect.poll(() => server.sockets.size, { timeout: 10_000 }).toBe(0);
  });

  it("times out while reading a body that stalls", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write("partial");
    });
    const error = await failure(guardedRequest({ url: `http://127.0.0.1:${server.port}/`, ...LOCAL, timeoutMs: 200 }));
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("reading the response body");
  });

  it("times out on a lookup that never returns, without connecting", async () => {
    const error = await failure(
      guardedRequest({
        url: "http://slow.example.test/",
        ...LOCAL,
        timeoutMs: 100,
        lookup: () => new Promise(() => {}),
      }),
    );
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("resolving");
  });

  it("reports connection refused on a closed port", async () => {
    const port = await closedPort();
    const error = await failure(guardedRequest({ url: `http://127.0.0.1:${port}/`, ...LOCAL }));
    expect(error.kind).toBe("connection_refused");
    expect(error.code).toBe("ECONNREFUSED");
  });

  it("reports a connection reset when the server drops the connection", async () => {
    const server = await startServer((req) => req.socket.destroy());
    const error = await failure(guardedRequest({ url: `http://127.0.0.1:${server.port}/`, ...LOCAL }));
    expect(error.kind).toBe("connection_reset");
  });

  it("reports a connection reset when the body is cut short", async () => {
    const server = await startServer((req, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write("partial", () => req.socket.destroy());
    });
    const error = await failure(guardedRequest({ url: `http://127.0.0.1:${server.port}/`, ...LOCAL }));
    expect(error.kind).toBe("connection_reset");
  });

  it("reports a malformed response as network", async () => {
    const rawServer = net.createServer((socket) => {
      // Keep reading so the peer's FIN/RST is noticed and the socket closes.
      socket.on("error", () => {});
      socket.resume();
      socket.end("this is not http\r\n\r\n");
    });
    await new Promise<void>((resolve) => rawServer.listen(0, "127.0.0.1", resolve));
    const { port } = rawServer.address() as AddressInfo;
    try {
      const error = await failure(guardedRequest({ url: `http://127.0.0.1:${port}/`, ...LOCAL }));
      expect(error.kind).toBe("network");
      expect(error.code).toMatch(/^HPE_/);
    } finally {
      await new Promise<void>((resolve) => rawServer.close(() => resolve()));
    }
  });

  it("stops on the caller's AbortSignal", async () => {
    const server = await startServer(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(
      guardedRequest({ url: `http://127.0.0.1:${server.port}/`, ...LOCAL, timeoutMs: 5000, signal: controller.signal }),
    );
    expect(error.kind).toBe("aborted");
    const already = await failure(
      guardedRequest({ url: `http://127.0.0.1:${server.port}/`, ...LOCAL, signal: AbortSignal.abort() }),
    );
    expect(already.kind).toBe("aborted");
  });

  it("reports TLS handshake problems as tls (https to a plain http server)", async () => {
    const server = await startServer();
    const error = await failure(guardedRequest({ url: `https://127.0.0.1:${server.port}/`, ...LOCAL }));
    expect(error.kind).toBe("tls");
  });
});

// Needs the openssl CLI to mint a throwaway self-signed certificate.
const openssl = (() => {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!openssl)("guardedRequest: TLS to a pinned address", () => {
  it("sends SNI for the hostname (not the IP) and rejects an untrusted certificate as tls", async () => {
    const dir = mkdtempSync(join(tmpdir(), "switchyard-tls-"));
    try {
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "ec",
          "-pkeyopt",
          "ec_paramgen_curve:P-256",
          "-nodes",
          "-days",
          "1",
          "-subj",
          "/CN=hooks.example.test",
          "-addext",
          "subjectAltName=DNS:hooks.example.test",
          "-keyout",
          join(dir, "key.pem"),
          "-out",
          join(dir, "cert.pem"),
        ],
        { stdio: "ignore" },
      );
      const seenServerNames: string[] = [];
      const tlsServer = https.createServer({
        key: readFileSync(join(dir, "key.pem")),
        cert: readFileSync(join(dir, "cert.pem")),
        // Only called when the client sends SNI; no context given means "use the default one".
        SNICallback: (servername, callback) => {
          seenServerNames.push(servername);
          callback(null);
        },
      });
      const server = await startServer(undefined, "127.0.0.1", tlsServer);
      const error = await failure(
        guardedRequest({ url: `https://hooks.example.test:${server.port}/`, ...LOCAL, lookup: loopbackOnly }),
      );
      expect(error.kind).toBe("tls");
      expect(error.code).toBe("DEPTH_ZERO_SELF_SIGNED_CERT");
      await expect.poll(() => seenServerNames.length).toBeGreaterThan(0);
      expect(seenServerNames[0]).toBe("hooks.example.test");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
