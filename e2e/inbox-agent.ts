// An agent as a user would write one: its own process, holding only an inbox token, talking plain
// HTTP to the public API. Prints one JSON line per message as it gets it ({"received": eventId}),
// before acking it (a kill between the two leaves it unacked, to come back), and per ack.
//   pull   <api> <inbox> <token> <count>      receives with a long poll; nacks each message the first
//                                             time it sees it and acks it the second; exits after <count> acks
//   stream <api> <inbox> <token> <state file> consumes the stream and acks; keeps its Last-Event-ID in
//                                             the state file and resumes from it when started again
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const [mode, api, inboxId, token, arg] = process.argv.slice(2) as [string, string, string, string, string];
const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
interface Message {
  id: string;
  leaseId: string;
  body: string;
}
const eventOf = (message: Message) => (JSON.parse(message.body) as { event: { id: string } }).event.id;

async function settle(message: Message, verb: "ack" | "nack") {
  const response = await fetch(`${api}/inboxes/${inboxId}/messages/${message.id}/${verb}`, { method: "POST", headers, body: JSON.stringify({ leaseId: message.leaseId }) });
  if (!response.ok) throw new Error(`${verb} answered ${response.status}: ${await response.text()}`);
}

async function pull(count: number) {
  const seen = new Set<string>();
  let acked = 0;
  while (acked < count) {
    const response = await fetch(`${api}/inboxes/${inboxId}/messages/receive`, { method: "POST", headers, body: JSON.stringify({ max: 10, waitSeconds: 10 }) });
    if (!response.ok) throw new Error(`receive answered ${response.status}: ${await response.text()}`);
    for (const message of ((await response.json()) as { data: Message[] }).data) {
      if (!seen.has(message.id)) {
        seen.add(message.id);
        await settle(message, "nack");
        console.log(JSON.stringify({ nacked: eventOf(message) }));
        continue;
      }
      await settle(message, "ack");
      acked += 1;
      console.log(JSON.stringify({ acked: eventOf(message) }));
    }
  }
}

async function stream(stateFile: string) {
  const lastEventId = existsSync(stateFile) ? readFileSync(stateFile, "utf8").trim() : "";
  const response = await fetch(`${api}/inboxes/${inboxId}/stream?prefetch=5`, { headers: { ...headers, ...(lastEventId ? { "last-event-id": lastEventId } : {}) } });
  if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (block.includes("event: ready")) console.log(JSON.stringify({ ready: true }));
      if (!block.includes("event: message")) continue;
      const id = /^id: (.*)$/m.exec(block)?.[1] ?? "";
      const message = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? "{}") as Message;
      console.log(JSON.stringify({ received: eventOf(message) }));
      await settle(message, "ack");
      writeFileSync(stateFile, id);
      console.log(JSON.stringify({ acked: eventOf(message) }));
    }
  }
}

await (mode === "pull" ? pull(Number(arg)) : stream(arg));
