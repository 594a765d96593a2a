// The two ends of a pipeline benchmark: a local HTTP sink that records every delivery (by the bench
// id carried in the body, with its webhook-id) and can be told to fail, and a sender of signed
// GitHub-style webhooks that records each answer. Used by bench:routing and bench:chaos.
import { createHmac, randomUUID } from "node:crypto";
import { Agent, createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { message, nowMs, onCleanup, onStop } from "./harness";

const REQUEST_TIMEOUT_MS = 10_000;
export const BODY_TARGET_BYTES = 1200;

// ─── the sink ────────────────────────────────────────────────────────────────────────────────────

export interface Arrival {
  at: number;
  webhookId: string;
}

export interface Sink {
  url: string;
  /** Arrivals by bench id. */
  arrivals: Map<string, Arrival[]>;
  /** Requests whose body carried no bench id. */
  unknown: number;
  /** Requests that carried no webhook-signature header (the product signs every delivery). */
  unsigned: number;
  /** While set, every request is answered with this status (and not recorded as an arrival). */
  failWith: number | null;
  /** Requests answered with `failWith`. */
  refused: number;
  /** How many of the next requests to hold unanswered until `releaseHeld` (a straggler). */
  holdNext: number;
  /** Answers the held requests (200, recorded as arrivals now); those the product gave up on meanwhile are dropped. */
  releaseHeld: () => void;
  /** Requests held so far. */
  held: number;
  server: Server;
}

export async function startSink(): Promise<Sink> {
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (sink.failWith !== null) {
        sink.refused++;
        res.writeHead(sink.failWith, { "content-type": "text/plain" }).end("failing on purpose");
        return;
      }
      const at = nowMs();
      const webhookId = String(req.headers["webhook-id"] ?? "");
      if (!req.headers["webhook-signature"]) sink.unsigned++;
      let id: string | undefined;
      try {
        const parsed = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { bench?: { id?: unknown } };
        if (typeof parsed.bench?.id === "string") id = parsed.bench.id;
      } catch {
        // counted as unknown below
      }
      const answer = (answeredAt: number) => {
        if (id === undefined) sink.unknown++;
        else {
          const list = sink.arrivals.get(id);
          if (list) list.push({ at: answeredAt, webhookId });
          else sink.arrivals.set(id, [{ at: answeredAt, webhookId }]);
        }
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      };
      if (sink.holdNext > 0 && id !== undefined) {
        sink.holdNext--;
        sink.held++;
        // The product may time out first: then the request is gone, and its retry is another one.
        holding.push(() => {
          if (!res.destroyed) answer(nowMs());
        });
        return;
      }
      answer(at);
    });
  });
  const holding: Array<() => void> = [];
  // One object, mutated by the handler above and read by the caller.
  const sink: Sink = {
    url: "",
    arrivals: new Map(),
    unknown: 0,
    unsigned: 0,
    failWith: null,
    refused: 0,
    holdNext: 0,
    held: 0,
    releaseHeld: () => {
      for (const release of holding.splice(0)) release();
    },
    server,
  };
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  sink.url = `http://127.0.0.1:${port}/hooks/switchyard`;
  onCleanup("close the sink", () => new Promise<void>((done) => server.close(() => done())).then(() => undefined));
  onStop(() => server.closeAllConnections());
  return sink;
}

// ─── sending ─────────────────────────────────────────────────────────────────────────────────────

export interface Sent {
  id: string;
  sentAt: number;
  /** HTTP status, or 0 for a socket error / timeout. */
  status: number;
  ackAt: number;
  error?: string;
}

const FILLER =
  "Customer writes: the webhook from our shop stopped arriving after the last deploy; we rotated the secret and re-sent a test delivery. ";

export function webhookBody(id: string, seq: number, sentAt: number): Buffer {
  const payload = {
    action: "opened",
    bench: { id, seq, sentAt },
    issue: {
      number: 1000 + seq,
      title: "Webhook deliveries fail after secret rotation",
      state: "open",
      labels: [{ name: "bug" }, { name: "priority:high" }],
      user: { login: "octocat", id: 583231 },
      body: "",
    },
    repository: { full_name: "octo-org/switchyard-demo", private: false },
    sender: { login: "octocat", id: 583231 },
  };
  const missing = Math.max(0, BODY_TARGET_BYTES - Buffer.byteLength(JSON.stringify(payload)));
  payload.issue.body = FILLER.repeat(Math.ceil(missing / FILLER.length)).slice(0, missing);
  return Buffer.from(JSON.stringify(payload));
}

export class Sender {
  readonly agent: Agent;
  readonly sent = new Map<string, Sent>();
  private seq = 0;

  constructor(
    private readonly origin: string,
    private readonly path: string,
    private readonly secret: string,
    connections: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
    onStop(() => this.agent.destroy());
  }

  /** Sends one signed GitHub-style webhook; resolves when it is answered (never rejects). */
  send(): Promise<Sent> {
    const id = randomUUID();
    const sentAt = nowMs();
    const body = webhookBody(id, this.seq++, sentAt);
    const signature = createHmac("sha256", this.secret).update(body).digest("hex");
    const record: Sent = { id, sentAt, status: 0, ackAt: 0 };
    this.sent.set(id, record);
    return new Promise((resolve) => {
      const finish = (status: number, error?: string) => {
        if (record.ackAt !== 0) return;
        record.status = status;
        record.ackAt = nowMs();
        if (error) record.error = error;
        resolve(record);
      };
      const req = request(
        `${this.origin}${this.path}`,
        {
          method: "POST",
          agent: this.agent,
          timeout: REQUEST_TIMEOUT_MS,
          headers: {
            "content-type": "application/json",
            "content-length": String(body.length),
            "user-agent": "GitHub-Hookshot/switchyard-bench",
            "x-github-event": "issues",
            "x-github-delivery": id,
            "x-github-hook-id": "1",
            "x-hub-signature-256": `sha256=${signature}`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            finish(
              res.statusCode ?? 0,
              res.statusCode && res.statusCode < 300 ? undefined : Buffer.concat(chunks).toString("utf8").slice(0, 300),
            ),
          );
          res.on("error", (error) => finish(0, message(error)));
        },
      );
      req.on("timeout", () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
      req.on("error", (error) => finish(0, message(error)));
      req.end(body);
    });
  }
}

