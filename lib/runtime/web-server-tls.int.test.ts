// The web server speaking TLS itself (TLS_CERT_FILE/TLS_KEY_FILE): the configured certificate, HTTP/1.1
// keep-alive kept, HSTS on every answer, the receiver and the parser's refusals as over plain HTTP,
// and a renewed certificate taken up without a restart, open connections untouched. Clients trust
// exactly the test's self-signed certificates; everything stays on loopback.
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import https from "node:https";
import { connect } from "node:net";
import type { TLSSocket } from "node:tls";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@/lib/testing/factories";
import { installCertificate, makeCertificate, type TestCertificate } from "@/lib/testing/self-signed";
import { startWebServer } from "@/lib/testing/start-web-server";
import type { TlsReload } from "@/lib/runtime/create-web-server";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  fingerprint: string;
  reusedSocket: boolean;
}

/** One request over TLS to 127.0.0.1:port (name checked: localhost), trusting only `ca`. */
function request(port: number, { ca, agent, path = "/", method = "GET", body }: { ca: string[]; agent?: https.Agent; path?: string; method?: string; body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = https.request({ host: "127.0.0.1", servername: "localhost", port, path, method, ca, agent: agent ?? false, headers: body ? { "content-type": "application/json" } : {} }, (response) => {
      // Read now: at the end a kept-alive socket has gone back to its agent.
      const fingerprint = (response.socket as TLSSocket).getPeerCertificate().fingerprint256;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          fingerprint,
          reusedSocket: outgoing.reusedSocket,
        }),
      );
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

let dir: string;
let first: TestCertificate;
let second: TestCertificate;
let server: Awaited<ReturnType<typeof startWebServer>>;
const agents: https.Agent[] = [];

/** The next reload the server reports that `matches` (a renewal may pass through a half-written state first). */
function nextReload(matches: (reload: TlsReload) => boolean): Promise<TlsReload> {
  return new Promise((resolve) => {
    const listener = (reload: TlsReload) => {
      if (!matches(reload)) return;
      server.server.off("tlsReload", listener);
      resolve(reload);
    };
    server.server.on("tlsReload", listener);
  });
}

function keepAliveAgent(ca: string[]): https.Agent {
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca });
  agents.push(agent);
  return agent;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "switchyard-tls-"));
  [first, second] = await Promise.all([makeCertificate(), makeCertificate()]);
  const files = await installCertificate(dir, first);
  server = await startWebServer({ tls: files });
});

afterEach(() => {
  for (const agent of agents.splice(0)) agent.destroy();
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the web server over TLS", () => {
  it("serves the configured certificate, keeps connections alive and sends HSTS, on the receiver as elsewhere", async () => {
    const agent = keepAliveAgent([first.cert]);
    const one = await request(server.port, { ca: [first.cert], agent, path: "/in/not-a-real-key", method: "POST", body: "{}" });
    expect(one.fingerprint).toBe(first.fingerprint256);
    expect(one.status).toBe(404);
    expect(JSON.parse(one.body)).toMatchObject({ error: { code: "source_not_found" } });
    expect(one.headers["strict-transport-security"]).toBe("max-age=31536000");
    expect(one.headers.connection).toBe("keep-alive");

    const two = await request(server.port, { ca: [first.cert], agent, path: "/events" });
    expect(two.reusedSocket).toBe(true);
    expect(two.status).toBe(404); // the test's fallback stands in for Next.js
    expect(two.headers["strict-transport-security"]).toBe("max-age=31536000");
  });

  it("closes a connection that is not TLS at all, without answering it in plain text", async () => {
    const socket = connect(server.port, "127.0.0.1");
    await once(socket, "connect");
    socket.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    const received: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => received.push(chunk));
    await once(socket, "close");
    expect(Buffer.concat(received).toString("latin1")).not.toContain("HTTP/1.1");
  });

  it("takes up a renewed certificate for new connections without a restart; open connections carry on", async () => {
    const old = keepAliveAgent([first.cert, second.cert]);
    expect((await request(server.port, { ca: [first.cert], agent: old })).fingerprint).toBe(first.fingerprint256);

    const reloaded = nextReload((reload) => reload.ok);
    await installCertificate(dir, second);
    expect(await reloaded).toMatchObject({ ok: true, fingerprint256: second.fingerprint256 });
    // New connections get the new certificate (and only it verifies now)…
    const fresh = await eventually(async () => {
      const answer = await request(server.port, { ca: [first.cert, second.cert] });
      return answer.fingerprint === second.fingerprint256 ? answer : null;
    });
    expect(fresh.status).toBe(404);
    await expect(request(server.port, { ca: [first.cert] })).rejects.toThrow(/self[- ]signed|certificate/i);
    // …while the connection opened before goes on with the old one.
    const kept = await request(server.port, { ca: [first.cert, second.cert], agent: old });
    expect(kept.reusedSocket).toBe(true);
    expect(kept.fingerprint).toBe(first.fingerprint256);
  });

  it("keeps serving the current certificate when the new files are not a usable pair", async () => {
    const mismatched = { cert: first.cert, key: second.key };
    const refused = nextReload((reload) => !reload.ok);
    await installCertificate(dir, mismatched);
    expect(await refused).toMatchObject({ ok: false, error: expect.stringMatching(/key/i) as unknown });
    expect((await request(server.port, { ca: [second.cert] })).fingerprint).toBe(second.fingerprint256);

    // Fixed files are taken up again.
    const fixed = nextReload((reload) => reload.ok);
    await installCertificate(dir, first);
    expect(await fixed).toMatchObject({ ok: true, fingerprint256: first.fingerprint256 });
  });
});

describe("a TLS server started on files that are not a pair", () => {
  it("refuses to start, naming the files", async () => {
    const broken = await mkdtemp(join(tmpdir(), "switchyard-tls-broken-"));
    try {
      const files = await installCertificate(broken, { cert: first.cert, key: second.key });
      await expect(startWebServer({ tls: files })).rejects.toThrow(/TLS_CERT_FILE.*TLS_KEY_FILE|cert\.pem/);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});
