// The body of GET /api/v1/inboxes/{id}/stream: server-sent events, one `message` event per leased
// message (data: the same InboxMessageView a receive returns), acked through the pull API's ack
// with its leaseId. The stream holds at most `prefetch` unsettled messages at once; an ack (or a
// lease running out) lets it send more. Event ids are "<stream id>.<seq>": reconnecting with
// Last-Event-ID resumes the same stream, which first re-sends, under fresh leases, what it had sent
// after that id and still holds (lost in flight when the connection dropped); anything received
// before it and not acked comes back after its lease like any message. Woken by the inbox's
// notifications (lib/live), never by polling; a comment line every 15 s keeps proxies from
// closing an idle stream.
import { randomUUID } from "node:crypto";
import { heldByStream, leaseMessages } from "@/lib/inboxes/lease-messages";
import { sleepBudget, sleepUntil, watchInbox } from "@/lib/inboxes/receive-messages";
import type { InboxMessageView } from "@/lib/inboxes/schema";
import { isDatabaseUnavailable } from "@/lib/db-errors";
import { isUuid } from "@/lib/ids";
import { logger } from "@/lib/log";

export const STREAM_HEARTBEAT_MS = 15_000;
const RETRY_MS = 2000;
const TAKEOVER_WAIT_MS = 5000;
const log = logger("inbox-stream");

/** "<stream id>.<seq>" from a Last-Event-ID header, or null when it is not one of ours. */
export function parseStreamEventId(value: string | null): { streamId: string; seq: string } | null {
  const match = /^([0-9a-f-]{36})\.(\d{1,19})$/i.exec(value?.trim() ?? "");
  if (!match || !isUuid(match[1])) return null;
  return { streamId: match[1].toLowerCase(), seq: match[2]! };
}

// The streams open in this process, by stream id. A stream resumed with Last-Event-ID takes over
// from its earlier connection: one whose client died without the server noticing yet would
// otherwise go on leasing messages into the void, each back only when its lease runs out. On
// globalThis: route handlers and the server's own modules may hold separate copies of this module.
interface OpenStream {
  stop: AbortController;
  ended: Promise<void>;
}
const holder = globalThis as unknown as { switchyardInboxStreams?: Map<string, OpenStream> };
const openStreams = (holder.switchyardInboxStreams ??= new Map<string, OpenStream>());

export function formatMessageEvent(streamId: string, message: InboxMessageView): string {
  return `id: ${streamId}.${message.seq}\nevent: message\ndata: ${JSON.stringify(message)}\n\n`;
}

export function openInboxStream({
  inboxId,
  lastEventId,
  prefetch,
  leaseSeconds,
  signal,
}: {
  inboxId: string;
  lastEventId: string | null;
  prefetch: number;
  leaseSeconds?: number | undefined;
  signal: AbortSignal;
}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const resumed = parseStreamEventId(lastEventId);
  const streamId = resumed?.streamId ?? randomUUID();
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal.addEventListener("abort", onAbort);

  let markEnded = () => {};
  const self: OpenStream = { stop, ended: new Promise<void>((resolve) => (markEnded = resolve)) };

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const write = (text: string) => {
        if (!stop.signal.aborted) controller.enqueue(encoder.encode(text));
      };
      // The earlier connection of this stream stops, and what it leased meanwhile is re-sent below.
      const previous = openStreams.get(streamId);
      openStreams.set(streamId, self);
      if (previous) {
        previous.stop.abort();
        // Bounded: one stuck waiting for the database must not hold its successor up.
        await Promise.race([previous.ended, new Promise((resolve) => setTimeout(resolve, TAKEOVER_WAIT_MS).unref())]);
      }
      const waker = watchInbox({ inboxId });
      const heartbeat = setInterval(() => write(": heartbeat\n\n"), STREAM_HEARTBEAT_MS);
      try {
        write(`retry: ${RETRY_MS}\n: connected\n\n`);
        await waker.ready;
        write(`event: ready\ndata: ${JSON.stringify({ streamId })}\n\n`);
        if (resumed) {
          // In pages of `prefetch`, each after the last one sent: the re-sent messages are still
          // this stream's, so a page from the same place would re-lease them, and lose the client
          // the leases it was just sent.
          let after = resumed.seq;
          for (;;) {
            const again = await leaseMessages({ inboxId, max: prefetch, leaseSeconds, holder: streamId, resumeAfterSeq: after });
            for (const message of again) write(formatMessageEvent(streamId, message));
            if (again.length < prefetch) break;
            after = again[again.length - 1]!.seq;
          }
        }
        while (!stop.signal.aborted) {
          const held = await heldByStream({ inboxId, holder: streamId });
          const room = prefetch - held.count;
          const messages = room > 0 ? await leaseMessages({ inboxId, max: room, leaseSeconds, holder: streamId }) : [];
          for (const message of messages) write(formatMessageEvent(streamId, message));
          if (messages.length > 0 && messages.length === room) continue;
          const deadline = Date.now() + STREAM_HEARTBEAT_MS;
          // Full: only an ack (a notification) or one of its own leases running out makes room; the
          // inbox's other messages being due must not wake it, or it would spin on them until then.
          const budget = room > 0 ? await sleepBudget({ inboxId, deadline }) : sleepUntil(held.firstExpiry, deadline);
          await waker.wait(budget, stop.signal);
        }
      } catch (error) {
        if (!stop.signal.aborted) {
          log.warn("inbox stream ended by an error; the client reconnects", { inboxId, error });
          // Said before the stream ends, so a client knows why and when to come back (the retry: above).
          const unavailable = isDatabaseUnavailable(error);
          write(
            `event: error\ndata: ${JSON.stringify({
              code: unavailable ? "database_unavailable" : "internal_error",
              message: unavailable
                ? "The database is unavailable right now: reconnect in a few seconds (with Last-Event-ID). Messages not acked come back after their lease."
                : "The stream ended by an error: reconnect (with Last-Event-ID).",
            })}\n\n`,
          );
        }
      } finally {
        clearInterval(heartbeat);
        waker.close();
        signal.removeEventListener("abort", onAbort);
        if (openStreams.get(streamId) === self) openStreams.delete(streamId);
        markEnded();
        try {
          controller.close();
        } catch {
          // Already closed by the client going away.
        }
      }
    },
    cancel() {
      stop.abort();
    },
  });
}
