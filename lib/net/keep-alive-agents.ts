// Keep-alive connection pools for guardedRequest, one per vetted connection target.
//
// A pooled socket is only ever reused for a request that just passed the SSRF checks with the very
// same outcome: the pool's key is the scheme, the URL's host and port (Host header, TLS SNI and
// certificate name) and every address the name resolved to this time. A name that now resolves
// elsewhere, even partly, gets another pool, so a socket never carries a request to an address that
// was not vetted for it. Opening a TCP (and TLS) connection per delivery cost the worker more CPU
// than anything else it did; a busy destination now keeps a few warm connections instead.
import http from "node:http";
import https from "node:https";

/** Idle sockets close after this long: under the 5 s keep-alive timeout most servers (Node's too) use. */
const IDLE_SOCKET_MS = 4_000;
/** Idle sockets kept per pool; in-use sockets are bounded by the destination's concurrency. */
const MAX_IDLE_SOCKETS = 32;
/** Pools kept; the least recently used one is forgotten (its idle sockets still close on time). */
const MAX_POOLS = 512;

export interface PoolKey {
  protocol: "http:" | "https:";
  /** The URL's host as sent in the Host header (with a non-default port). */
  host: string;
  /** Every vetted address the connection may go to. */
  addresses: readonly string[];
}

const pools = new Map<string, http.Agent>();

function keyOf({ protocol, host, addresses }: PoolKey): string {
  return `${protocol}//${host}|${[...addresses].sort().join(",")}`;
}

/** The keep-alive agent for requests to exactly these vetted addresses. */
export function keepAliveAgent(key: PoolKey): http.Agent {
  const id = keyOf(key);
  const existing = pools.get(id);
  if (existing) {
    // Map order is insertion order: re-inserting marks it most recently used.
    pools.delete(id);
    pools.set(id, existing);
    return existing;
  }
  const options = { keepAlive: true, maxFreeSockets: MAX_IDLE_SOCKETS, timeout: IDLE_SOCKET_MS, scheduling: "lifo" } as const;
  const agent = key.protocol === "https:" ? new https.Agent(options) : new http.Agent(options);
  pools.set(id, agent);
  // Not destroyed: that would also cut the requests it is serving. Its idle sockets time out.
  if (pools.size > MAX_POOLS) pools.delete(pools.keys().next().value as string);
  return agent;
}

/** Closes every pooled socket (tests; shutting down). */
export function closeKeepAliveAgents(): void {
  for (const agent of pools.values()) agent.destroy();
  pools.clear();
}
