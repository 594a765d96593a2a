// The page's one EventSource on /api/stream, shared by every LiveRefresh on it (browsers allow only
// a few connections per host over HTTP/1.1, and one stream carries every kind of change anyway).
// Opened by the first subscriber, closed a moment after the last leaves, so a client-side
// navigation from one live page to the next keeps it.
import { parseLiveMessage, type LiveMessage } from "@/lib/live/live-message";

export type LiveConnection = "connecting" | "open" | "reconnecting";

export interface StreamListener {
  message(message: LiveMessage): void;
  /** Changes may have been missed (the stream dropped and is back): look again. */
  resync(): void;
  /** The server listens: every change from now on is announced (also called on subscribing later). */
  ready?(): void;
}

const CLOSE_AFTER_MS = 5_000;
const REOPEN_MIN_MS = 2_000;
const REOPEN_MAX_MS = 60_000;

const listeners = new Set<StreamListener>();
const connectionListeners = new Set<() => void>();
let source: EventSource | null = null;
let connection: LiveConnection = "connecting";
let hadError = false;
/** The current stream's server side has its LISTEN in place. */
let listening = false;
let closeTimer: ReturnType<typeof setTimeout> | null = null;
let reopenTimer: ReturnType<typeof setTimeout> | null = null;
let reopenDelay = REOPEN_MIN_MS;

function setConnection(next: LiveConnection) {
  if (connection === next) return;
  connection = next;
  for (const listener of connectionListeners) listener();
}

function open() {
  const stream = new EventSource("/api/stream");
  source = stream;
  stream.onopen = () => {
    setConnection("open");
    reopenDelay = REOPEN_MIN_MS;
    if (hadError) {
      hadError = false;
      for (const listener of listeners) listener.resync();
    }
  };
  stream.onmessage = (event: MessageEvent<string>) => {
    const message = parseLiveMessage(event.data);
    if (!message) return;
    for (const listener of listeners) listener.message(message);
  };
  stream.addEventListener("ready", () => {
    listening = true;
    for (const listener of listeners) listener.ready?.();
  });
  stream.addEventListener("resync", () => {
    for (const listener of listeners) listener.resync();
  });
  stream.onerror = () => {
    hadError = true;
    listening = false;
    setConnection("reconnecting");
    // A network error leaves it CONNECTING and the browser retries by itself; an answer that is not
    // a stream (401 after the session expired, a 502 from a proxy) closes it for good, so retry here.
    if (stream.readyState !== EventSource.CLOSED) return;
    source = null;
    reopenTimer = setTimeout(() => {
      reopenTimer = null;
      if (listeners.size > 0) open();
    }, reopenDelay);
    reopenDelay = Math.min(reopenDelay * 2, REOPEN_MAX_MS);
  };
}

function shutDown() {
  closeTimer = null;
  source?.close();
  source = null;
  if (reopenTimer) clearTimeout(reopenTimer);
  reopenTimer = null;
  hadError = false;
  listening = false;
  setConnection("connecting");
}

export function subscribeStream(listener: StreamListener): () => void {
  listeners.add(listener);
  if (closeTimer) clearTimeout(closeTimer);
  closeTimer = null;
  if (!source && !reopenTimer) open();
  if (listening && listener.ready) queueMicrotask(() => listener.ready?.());
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && !closeTimer) closeTimer = setTimeout(shutDown, CLOSE_AFTER_MS);
  };
}

/** For useSyncExternalStore. */
export function subscribeConnection(listener: () => void): () => void {
  connectionListeners.add(listener);
  return () => connectionListeners.delete(listener);
}

export function liveConnection(): LiveConnection {
  return connection;
}
