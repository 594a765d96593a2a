// Test data for deliveries: destinations, deliveries (with the event and routing run they need),
// and a local HTTP sink to deliver to.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { db } from "@/lib/db";
import { attemptDelivery, type AttemptDeliveryResult } from "@/lib/pipeline/dispatch/attempt-delivery";
import { newWebhookId } from "@/lib/pipeline/dispatch/webhook-id";
import type { CircuitPolicy } from "@/lib/destinations/circuit-policy";
import { createDestination } from "@/lib/destinations/create-destination";
import type { DestinationCreateInput } from "@/lib/destinations/schema";
import { createTestSource, TEST_ACTOR, uniqueName } from "@/lib/testing/factories";

/** A destination (private network allowed unless said otherwise, so it can reach a local sink) and its secret. */
export async function createTestDestination(input: Partial<DestinationCreateInput> & { url: string }) {
  const { destination, secret } = await createDestination({ input: { name: uniqueName("destination"), allowPrivateNetwork: true, ...input }, actor: TEST_ACTOR });
  return Object.assign(destination, { secret });
}

export interface TestDeliveryInput {
  destinationId: string;
  /** The event's body as received (default: a small JSON object). */
  eventBody?: string | Buffer;
  contentType?: string | null;
  /** A rendered body, sent instead of the event's. */
  body?: string | Buffer;
  /** Reuse a source (default: a new one per delivery). */
  sourceId?: string;
}

/** A pending delivery of a new event to a destination, as routing would create it. */
export async function createTestDelivery({ destinationId, eventBody, contentType = "application/json", body, sourceId }: TestDeliveryInput) {
  const source = sourceId ?? (await createTestSource()).id;
  const bytes = Buffer.from(eventBody ?? JSON.stringify({ type: "ticket.created", id: randomUUID() }));
  const event = await db().event.create({
    data: { sourceId: source, method: "POST", headers: { "content-type": contentType ?? "" }, contentType, body: bytes, bodySize: bytes.length, status: "routed" },
  });
  const run = await db().routingRun.create({
    data: { eventId: event.id, runKey: `test:${randomUUID()}`, trigger: "received", outcome: "routed", trace: [] },
  });
  return db().delivery.create({
    data: {
      eventId: event.id,
      destinationId,
      routingRunId: run.id,
      webhookId: newWebhookId(),
      body: body === undefined ? null : Buffer.from(body),
    },
  });
}

/** A small policy for tests: 3 failures in a row over a minute. */
export const TEST_CIRCUIT_POLICY: CircuitPolicy = { openAfterSeconds: 60, minFailures: 3 };

/**
 * Opens a destination's circuit the way the engine does, without waiting a minute: `minFailures`
 * real failed attempts (the endpoint must be failing), the streak's start moved back past the
 * window in the database, then one more failed attempt, which opens it. Returns that attempt.
 */
export async function failUntilOpen({ destinationId, policy = TEST_CIRCUIT_POLICY }: { destinationId: string; policy?: CircuitPolicy }): Promise<AttemptDeliveryResult> {
  for (let index = 0; index < policy.minFailures; index += 1) {
    const delivery = await createTestDelivery({ destinationId });
    await attemptDelivery({ deliveryId: delivery.id, circuitPolicy: policy });
  }
  await db().$executeRaw`UPDATE destinations SET failing_since = failing_since - ${policy.openAfterSeconds + 1}::float8 * interval '1 second' WHERE id = ${destinationId}::uuid`;
  const delivery = await createTestDelivery({ destinationId });
  const result = await attemptDelivery({ deliveryId: delivery.id, circuitPolicy: policy });
  if (result.outcome !== "attempted" || result.circuit?.change !== "opened") throw new Error(`the circuit did not open: ${JSON.stringify(result)}`);
  return result;
}

export interface SinkRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface SinkReply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Answer after this long (to test timeouts and concurrency). */
  delayMs?: number;
  /** Answer only once this settles (and delayMs has passed): a request held for as long as a test needs. */
  until?: Promise<unknown>;
}

export interface Sink {
  url: string;
  requests: SinkRequest[];
  /** The most requests that were being handled at once. */
  maxInFlight: number;
  /** How the next requests are answered (default 200 "ok"); called with the request's index. */
  reply: (request: SinkRequest, index: number) => SinkReply;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that records what it receives. */
export async function startSink(reply: Sink["reply"] = () => ({})): Promise<Sink> {
  let inFlight = 0;
  const sockets = new Set<Socket>();
  const sink: Sink = {
    url: "",
    requests: [],
    maxInFlight: 0,
    reply,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res: ServerResponse) => {
    inFlight += 1;
    sink.maxInFlight = Math.max(sink.maxInFlight, inFlight);
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request: SinkRequest = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) };
      const index = sink.requests.push(request) - 1;
      const answer = sink.reply(request, index);
      const respond = () => {
        inFlight -= 1;
        if (res.destroyed) return;
        res.writeHead(answer.status ?? 200, answer.headers ?? {});
        res.end(answer.body ?? "ok");
      };
      const delayed = () => setTimeout(respond, answer.delayMs ?? 0);
      if (answer.until) void answer.until.then(delayed, delayed);
      else delayed();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return sink;
}
