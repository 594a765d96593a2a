// One LISTEN connection per process on 'switchyard_live', fanned out to in-process subscribers (the
// open /api/stream responses). A dedicated pg.Client, not the shared pool: a LISTEN lives on its
// connection for as long as we want notifications, which would pin one pooled connection forever
// and lose the LISTEN whenever the pool recycled it. Started on the first subscriber; reconnects
// with backoff. Kept on globalThis so Next's hot reload, and the two module graphs of bin/web.ts
// and Next's bundle, share one connection.
//
// The database announces every change whether or not a page watches. Announcing events' and
// deliveries' changes only while some page did (a row the web kept current, WHEN on the triggers)
// was measured at 200 events/s, 3 alternated runs each: receive→sink latency and CPU per event
// moved less than they vary between runs, so it was left out.
import pg from "pg";
import { describeDatabaseError } from "@/lib/db-errors";
import { env } from "@/lib/env";
import { parseLiveMessage, type LiveMessage } from "@/lib/live/live-message";
import { logger } from "@/lib/log";

export const LIVE_CHANNEL = "switchyard_live";
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 30_000;

export interface LiveSubscriber {
  message(message: LiveMessage): void;
  /** Notifications may have been missed (the connection dropped and is back): look again. */
  resync(): void;
  /** The process is stopping: end the stream. */
  close(): void;
}

interface Hub {
  subscribers: Set<LiveSubscriber>;
  client: pg.Client | null;
  /** Set while connecting; resolves once LISTEN is in place (or the attempt failed). */
  connecting: Promise<void> | null;
  retryTimer: NodeJS.Timeout | null;
  failures: number;
  /** Whether a connection was ever established, so a later one means notifications were missed. */
  wasConnected: boolean;
  stopped: boolean;
}

const log = logger("live");
const globalForLive = globalThis as unknown as { switchyardLive?: Hub };

function hub(): Hub {
  globalForLive.switchyardLive ??= {
    subscribers: new Set(),
    client: null,
    connecting: null,
    retryTimer: null,
    failures: 0,
    wasConnected: false,
    stopped: false,
  };
  return globalForLive.switchyardLive;
}

function fanOut(state: Hub, notify: (subscriber: LiveSubscriber) => void) {
  for (const subscriber of state.subscribers) {
    try {
      notify(subscriber);
    } catch (error) {
      log.error("live subscriber failed", { error });
    }
  }
}

function scheduleReconnect(state: Hub, error: unknown) {
  if (state.stopped || state.retryTimer) return;
  state.failures += 1;
  const delayMs = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** (state.failures - 1));
  log.warn("live listener connection lost; reconnecting", { error: describeDatabaseError(error), attempt: state.failures, delayMs });
  state.retryTimer = setTimeout(() => {
    state.retryTimer = null;
    void connect(state);
  }, delayMs);
  state.retryTimer.unref();
}

function connect(state: Hub): Promise<void> {
  state.connecting ??= (async () => {
    const client = new pg.Client({ connectionString: env().DATABASE_URL, application_name: "switchyard-live", keepAlive: true });
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      if (state.client === client) state.client = null;
      client.removeAllListeners("notification");
      void client.end().catch(() => undefined);
      scheduleReconnect(state, error);
    };
    client.on("error", fail);
    client.on("end", () => fail(new Error("connection ended")));
    client.on("notification", (notification) => {
      if (notification.channel !== LIVE_CHANNEL || !notification.payload) return;
      const message = parseLiveMessage(notification.payload);
      if (!message) {
        log.warn("ignoring an unknown live notification", { payload: notification.payload.slice(0, 200) });
        return;
      }
      fanOut(state, (subscriber) => subscriber.message(message));
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
    } catch (error) {
      fail(error);
      return;
    }
    if (state.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    state.client = client;
    if (state.failures > 0) log.info("live listener reconnected", { attempts: state.failures });
    state.failures = 0;
    if (state.wasConnected) fanOut(state, (subscriber) => subscriber.resync());
    state.wasConnected = true;
  })().finally(() => {
    state.connecting = null;
  });
  return state.connecting;
}

/**
 * Calls the subscriber for every live message this process hears, from now until unsubscribe() is
 * called. `ready` resolves once the first connection attempt is over, so a caller (a test) can wait
 * until LISTEN is in place.
 */
export function subscribeLive(subscriber: LiveSubscriber): { ready: Promise<void>; unsubscribe: () => void } {
  const state = hub();
  state.stopped = false;
  state.subscribers.add(subscriber);
  const ready = state.client || state.retryTimer ? Promise.resolve() : connect(state);
  return { ready, unsubscribe: () => state.subscribers.delete(subscriber) };
}

/** How many subscribers (open streams) this process has. */
export function liveSubscriberCount(): number {
  return globalForLive.switchyardLive?.subscribers.size ?? 0;
}

/** Ends every subscriber's stream and the LISTEN connection (process shutdown, tests). */
export async function stopLive(): Promise<void> {
  const state = globalForLive.switchyardLive;
  if (!state) return;
  state.stopped = true;
  if (state.retryTimer) clearTimeout(state.retryTimer);
  state.retryTimer = null;
  fanOut(state, (subscriber) => subscriber.close());
  state.subscribers.clear();
  await state.connecting;
  const client = state.client;
  state.client = null;
  state.wasConnected = false;
  state.failures = 0;
  if (client) {
    client.removeAllListeners();
    client.on("error", () => undefined);
    await client.end().catch(() => undefined);
  }
}
