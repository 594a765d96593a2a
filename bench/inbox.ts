// `npm run bench:inbox`: inbox consumers over real HTTP. A throwaway PostgreSQL, the inbox routes
// served on a loopback port (lib/testing/route-server.ts, the same handlers Next serves), an inbox
// fed by a rule, and the real routing (routeEvents) publishing into it. Two figures:
//   - publish → receive: events published one by one at BENCH_INBOX_RATE/s (default 100) while one
//     stream consumer (SSE) receives and acks; latency = arrival on the stream − routing's commit;
//   - drain: BENCH_INBOX_MESSAGES (default 2,000) published in batches, then drained by two pull
//     consumers (receive up to 100, ack each): messages/s received and acked.
// Exit code 0 when every message arrived (slow figures are reported, not failed), 1 otherwise.
import { createTestDatabase } from "@/lib/testing/test-database";
import { machineLine, ms, nowMs, numberFromEnv, onCleanup, percentile, quick, runMain, setLibEnv, sleep, sortedNumbers, table } from "./lib/harness";

interface Message {
  id: string;
  leaseId: string;
  body: string;
}

runMain("bench:inbox", async () => {
  const rate = numberFromEnv("BENCH_INBOX_RATE", 100);
  const latencyCount = Math.round(numberFromEnv("BENCH_INBOX_LATENCY_MESSAGES", quick ? 200 : 500));
  const drainCount = Math.round(numberFromEnv("BENCH_INBOX_MESSAGES", quick ? 500 : 2000));
  console.log(machineLine());

  const database = await createTestDatabase({ prefix: "switchyard_bench_inbox" });
  onCleanup("database", () => database.drop());
  await setLibEnv(database.url);
  const { prepareDatabase } = await import("@/lib/runtime/prepare-database");
  await prepareDatabase();
  const { db, disconnectDb } = await import("@/lib/db");
  const { createInbox } = await import("@/lib/inboxes/create-inbox");
  const { createInboxToken } = await import("@/lib/inboxes/create-inbox-token");
  const { routeEvents } = await import("@/lib/pipeline/routing/route-events");
  const { createRule } = await import("@/lib/rules/create-rule");
  const { createSource } = await import("@/lib/sources/create-source");
  const { stopLive } = await import("@/lib/live/live-listener");
  const { stopSender } = await import("@/lib/queue");
  const { startRouteServer } = await import("@/lib/testing/route-server");
  const server = await startRouteServer({
    "/inboxes/[id]/messages/receive": await import("@/app/api/v1/inboxes/[id]/messages/receive/route"),
    "/inboxes/[id]/messages/[messageId]/ack": await import("@/app/api/v1/inboxes/[id]/messages/[messageId]/ack/route"),
    "/inboxes/[id]/stream": await import("@/app/api/v1/inboxes/[id]/stream/route"),
  });
  onCleanup("server and connections", async () => {
    await server.close();
    await stopLive();
    await stopSender();
    await disconnectDb();
  });

  const actor = { id: null, label: "bench" };
  const { inbox } = await createInbox({ input: { name: "bench inbox", leaseSeconds: 60 }, actor });
  const { plaintext: token } = await createInboxToken({ inboxId: inbox.id, input: { name: "bench" }, actor });
  const { source } = await createSource({ input: { name: "bench source", scheme: "none" }, actor });
  await createRule({ sourceId: source.id, actor, input: { name: "all", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [inbox.id] }] } });
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const ack = (message: Message) =>
    fetch(`${server.url}/inboxes/${inbox.id}/messages/${message.id}/ack`, { method: "POST", headers, body: JSON.stringify({ leaseId: message.leaseId }) }).then((r) => r.arrayBuffer());

  async function publish(count: number): Promise<number> {
    const ids: string[] = [];
    for (let n = 0; n < count; n++) {
      const payload = { n, at: Date.now() };
      const body = Buffer.from(JSON.stringify(payload));
      const event = await db().event.create({ data: { sourceId: source.id, method: "POST", headers: {}, contentType: "application/json", body, bodySize: body.length, payload } });
      ids.push(event.id);
    }
    await routeEvents(ids.map((eventId) => ({ eventId })));
    return nowMs();
  }

  // Phase 1: publish → receive over the stream.
  const published = new Map<string, number>();
  const latencies: number[] = [];
  const stream = new AbortController();
  const response = await fetch(`${server.url}/inboxes/${inbox.id}/stream?prefetch=50`, { headers, signal: stream.signal });
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!block.includes("event: message")) continue;
        const message = JSON.parse(block.slice(block.indexOf("data: ") + 6)) as Message;
        const arrived = nowMs();
        const n = (JSON.parse(message.body) as { event: { payload: { n: number } } }).event.payload.n;
        const sent = published.get(String(n));
        if (sent !== undefined) latencies.push(arrived - sent);
        void ack(message);
        if (latencies.length === latencyCount) return;
      }
    }
  })();
  await sleep(300);
  const start = nowMs();
  for (let n = 0; n < latencyCount; n++) {
    const due = start + (n * 1000) / rate;
    if (due > nowMs()) await sleep(due - nowMs());
    const payload = { n, at: Date.now() };
    const body = Buffer.from(JSON.stringify(payload));
    const event = await db().event.create({ data: { sourceId: source.id, method: "POST", headers: {}, contentType: "application/json", body, bodySize: body.length, payload } });
    await routeEvents([{ eventId: event.id }]);
    published.set(String(n), nowMs());
  }
  await Promise.race([reading, sleep(30_000)]);
  stream.abort();
  const sorted = sortedNumbers(latencies);

  // Phase 2: drain a backlog with two pull consumers.
  for (let done = 0; done < drainCount; done += 200) await publish(Math.min(200, drainCount - done));
  await sleep(500);
  let received = 0;
  const drainStart = nowMs();
  const consumer = async () => {
    for (;;) {
      const answer = (await (await fetch(`${server.url}/inboxes/${inbox.id}/messages/receive`, { method: "POST", headers, body: JSON.stringify({ max: 100 }) })).json()) as { data: Message[] };
      if (answer.data.length === 0) return;
      received += answer.data.length;
      await Promise.all(answer.data.map(ack));
    }
  };
  await Promise.all([consumer(), consumer()]);
  const drainSeconds = (nowMs() - drainStart) / 1000;

  console.log(
    table([
      ["figure", "value"],
      [`publish → stream receive, ${latencyCount} at ${rate}/s: p50`, ms(percentile(sorted, 0.5))],
      ["p95", ms(percentile(sorted, 0.95))],
      ["received on the stream", `${latencies.length} / ${latencyCount}`],
      [`drain ${drainCount} (2 pull consumers, receive 100 + ack each)`, `${Math.round(received / drainSeconds)} messages/s`],
      ["drained", `${received} / ${drainCount}`],
    ]),
  );
  return latencies.length === latencyCount && received === drainCount ? 0 : 1;
});
