// The body of GET /api/stream: server-sent events carrying every live message this process hears.
// Each message is one `data:` line of JSON. Messages are gathered for a moment and written in one
// chunk, keeping only the latest per row and one per source's events or destination's deliveries
// (their rows merged), so an ingest burst costs the browser a few writes a second rather than
// thousands; LiveRefresh throttles the page refreshes they cause. A comment line every 15 s keeps
// proxies from closing an idle stream. A named `ready` event says the LISTEN is in place; named
// `resync` events tell the page it may have missed changes (this process's LISTEN connection was
// re-established).
import { subscribeLive } from "@/lib/live/live-listener";
import { batchKey, mergeLiveMessages, type LiveMessage } from "@/lib/live/live-message";
import { logger } from "@/lib/log";

export const HEARTBEAT_MS = 15_000;
const BATCH_MS = 100;
// A browser that stops reading (a suspended laptop) must not make us hold an endless queue: past
// this many unread bytes the stream ends, and EventSource reconnects and resyncs when it can.
const MAX_UNREAD_BYTES = 1024 * 1024;
// How long the browser waits before reconnecting a dropped stream.
const RETRY_MS = 3000;

const log = logger("live");

export function formatSse(message: LiveMessage): string {
  return `data: ${JSON.stringify(message)}\n\n`;
}

export function openLiveStream({ signal, heartbeatMs = HEARTBEAT_MS }: { signal: AbortSignal; heartbeatMs?: number }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pending = new Map<string, LiveMessage>();
  let batchTimer: NodeJS.Timeout | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  let unsubscribe = () => {};
  let closed = false;
  const stop = () => {
    closed = true;
    unsubscribe();
    if (batchTimer) clearTimeout(batchTimer);
    if (heartbeat) clearInterval(heartbeat);
    signal.removeEventListener("abort", onAbort);
  };
  let onAbort = () => {};

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const close = () => {
          if (closed) return;
          stop();
          try {
            controller.close();
          } catch {
            // Already closed or errored by the consumer going away.
          }
        };
        const write = (text: string) => {
          if (closed) return;
          if ((controller.desiredSize ?? 0) < -MAX_UNREAD_BYTES) {
            log.warn("live stream client is not reading; closing its stream", { unreadBytes: -(controller.desiredSize ?? 0) });
            close();
            return;
          }
          controller.enqueue(encoder.encode(text));
        };
        const flush = () => {
          batchTimer = null;
          const text = [...pending.values()].map(formatSse).join("");
          pending.clear();
          write(text);
        };

        if (signal.aborted) return close();
        onAbort = close;
        signal.addEventListener("abort", onAbort);
        write(`retry: ${RETRY_MS}\n: connected\n\n`);
        heartbeat = setInterval(() => write(": heartbeat\n\n"), heartbeatMs);
        const subscription = subscribeLive({
          message(message) {
            const key = batchKey(message);
            const earlier = pending.get(key);
            pending.delete(key); // re-insert: the batch keeps arrival order
            pending.set(key, earlier ? mergeLiveMessages(earlier, message) : message);
            batchTimer ??= setTimeout(flush, BATCH_MS);
          },
          resync: () => write("event: resync\ndata: {}\n\n"),
          close,
        });
        unsubscribe = subscription.unsubscribe;
        // From here on every change is announced: a page that must not miss one (a bulk operation's
        // progress) looks again now, for what changed between its render and this moment.
        void subscription.ready.then(() => write("event: ready\ndata: {}\n\n"));
      },
      cancel: stop,
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}
