// The one HTTP client for outgoing requests to user-supplied URLs (webhook deliveries).
//
// SSRF defence: we resolve the hostname ourselves, vet EVERY resolved address against the policy
// (lib/net/ip-policy.ts) and refuse the whole request if any of them is disallowed (stricter and
// simpler than picking the allowed ones: a name that mixes public and private answers is either
// misconfigured or an attack, and silently picking would make behaviour depend on answer order).
// The connection is then pinned to the vetted addresses: node:http gets a `lookup` function that
// only ever returns them, so Node never performs a second DNS resolution an attacker could rebind.
// The URL's hostname is still used for the Host header and TLS SNI/certificate validation.
// Connections are kept alive in pools keyed by the vetted addresses (keep-alive-agents.ts), so a
// reused socket only ever carries a request whose own check produced the same addresses. As a last
// check, the socket's actual peer address must be one of the vetted addresses.
//
// Redirects are never followed: the caller gets the 3xx and its Location header.
import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import type { LookupFunction, Socket } from "node:net";
import { GuardedRequestError, type GuardedRequestErrorKind } from "./errors";
import { keepAliveAgent } from "./keep-alive-agents";
import {
  CidrListError,
  classifyAddress,
  connectTarget,
  evaluateAddress,
  parseCidrList,
  type AddressPolicy,
  type Cidr,
} from "./ip-policy";

export interface LookupAddress {
  address: string;
  family: 4 | 6;
}

export type HostLookup = (hostname: string) => Promise<LookupAddress[]>;

export interface DestinationPolicyOptions {
  /** Allow loopback / RFC 1918 / CGNAT / link-local unicast / ULA. Metadata endpoints stay blocked. */
  allowPrivateNetwork?: boolean;
  /** Instance-wide allowlist, e.g. ["10.1.0.0/16", "127.0.0.1/32", "::1/128"]. */
  allowCidrs?: readonly string[];
  /** Name resolution; defaults to the system resolver (dns.promises.lookup, all addresses). */
  lookup?: HostLookup;
}

export interface GuardedRequestOptions extends DestinationPolicyOptions {
  url: string;
  /** Default POST. */
  method?: string;
  /** Host, Content-Length, Transfer-Encoding, Connection and other hop-by-hop headers are ignored. */
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Overall deadline covering DNS, connect, TLS, waiting for headers and reading the body. */
  timeoutMs: number;
  /** Bytes of response body kept (default 64 KiB); the rest is read and discarded. */
  maxResponseBytes?: number;
  signal?: AbortSignal;
}

export interface GuardedResponse {
  status: number;
  /** Lower-case names; repeated headers are joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** True when the body was longer than maxResponseBytes. */
  truncated: boolean;
  durationMs: number;
  /** The IP address actually connected to. */
  remoteAddress: string;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
const MAX_TIMER_MS = 2_147_483_647; // setTimeout clamps larger values to 1 ms

export const defaultLookup: HostLookup = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.flatMap((answer) =>
    answer.family === 4 || answer.family === 6 ? [{ address: answer.address, family: answer.family }] : [],
  );
};

// ---------------------------------------------------------------------------------------------
// Destination parsing and vetting (shared by guardedRequest and checkUrl)

interface Destination {
  url: URL;
  /** Without IPv6 brackets; ASCII (punycode) for names. */
  hostname: string;
  /** True when the URL contains an IP literal (after WHATWG normalisation of 127.1, 0x7f.1, ...). */
  literal: boolean;
  port: number;
}

interface VettedDestination {
  /** Canonical addresses as resolved (for messages). */
  addresses: string[];
  /** Where sockets may go (IPv4-mapped addresses become plain IPv4). */
  targets: LookupAddress[];
  via: Set<"public" | "allowlist" | "privateNetwork">;
}

function parseDestination(raw: string): Destination {
  if (typeof raw !== "string" || raw.trim() === "") throw new GuardedRequestError("invalid_url", "The URL is empty");
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    // Not echoed: webhook URLs often carry secrets in the path or query.
    throw new GuardedRequestError(
      "invalid_url",
      "The URL is not valid (expected something like https://example.com/hook)",
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new GuardedRequestError(
      "invalid_url",
      `Only http and https URLs are allowed, not ${url.protocol.replace(/:$/, "")}`,
    );
  }
  // Credentials in URLs end up in logs and UIs; authentication belongs in headers.
  if (url.username !== "" || url.password !== "") {
    throw new GuardedRequestError("invalid_url", "URLs must not contain a username or password; use a header instead");
  }
  if (url.hostname === "") throw new GuardedRequestError("invalid_url", "The URL has no host");
  const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
  if (port === 0) throw new GuardedRequestError("invalid_url", "Port 0 is not a valid destination port");
  const bracketed = url.hostname.startsWith("[");
  const hostname = bracketed ? url.hostname.slice(1, -1) : url.hostname;
  return { url, hostname, literal: bracketed || classifyAddress(hostname) !== null, port };
}

function toPolicy(options: DestinationPolicyOptions): AddressPolicy {
  let allowCidrs: Cidr[] = [];
  try {
    allowCidrs = parseCidrList(options.allowCidrs ?? []);
  } catch (error) {
    // A broken allowlist must not silently widen or narrow what is reachable.
    const message = error instanceof CidrListError ? error.message : String(error);
    throw new GuardedRequestError("invalid_request", message, { cause: error });
  }
  return { allowPrivateNetwork: options.allowPrivateNetwork === true, allowCidrs };
}

/** The signal's abort reason as an Error (our controllers always abort with a GuardedRequestError). */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error("The operation was aborted", { cause: reason });
}

/** Resolves to a value, or rejects with the signal's reason as soon as it aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    // The promise's own outcome (value or rejection) is passed through unchanged.
    promise.finally(() => signal.removeEventListener("abort", onAbort)).then(resolve, reject);
  });
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") return code;
  // Happy-eyeballs failures (several addresses) arrive as an AggregateError without a code.
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const innerCode = errorCode(inner);
      if (innerCode) return innerCode;
    }
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map((inner) => errorMessage(inner)).join("; ");
  }
  return error instanceof Error ? error.message : String(error);
}

async function vetDestination(
  dest: Destination,
  policy: AddressPolicy,
  lookup: HostLookup,
  signal: AbortSignal,
): Promise<VettedDestination> {
  let answers: LookupAddress[];
  if (dest.literal) {
    answers = [{ address: dest.hostname, family: dest.hostname.includes(":") ? 6 : 4 }];
  } else {
    try {
      answers = await abortable(lookup(dest.hostname), signal);
    } catch (error) {
      if (error instanceof GuardedRequestError) throw error;
      const code = errorCode(error);
      throw new GuardedRequestError("dns", `Could not resolve ${dest.hostname}${code ? ` (${code})` : ""}`, {
        cause: error,
        ...(code ? { code } : {}),
      });
    }
    if (answers.length === 0) {
      throw new GuardedRequestError("dns", `${dest.hostname} did not resolve to any address`);
    }
  }

  const addresses: string[] = [];
  const targets: LookupAddress[] = [];
  const via = new Set<"public" | "allowlist" | "privateNetwork">();
  for (const answer of answers) {
    const verdict = evaluateAddress(answer.address, policy);
    if (!verdict.allowed) {
      const message = dest.literal
        ? `Refusing to connect to ${verdict.address}: it ${verdict.explanation}`
        : `Refusing to connect to ${dest.hostname}: it resolves to ${verdict.address}, which ${verdict.explanation}`;
      throw new GuardedRequestError("blocked_address", message, { address: verdict.address });
    }
    via.add(verdict.via);
    if (!addresses.includes(verdict.info.address)) addresses.push(verdict.info.address);
    const target = connectTarget(verdict.info);
    if (!targets.some((t) => t.address === target.address)) targets.push(target);
  }
  return { addresses, targets, via };
}

// ---------------------------------------------------------------------------------------------
// checkUrl: early validation when a destination is saved

export interface CheckUrlOptions extends DestinationPolicyOptions {
  url: string;
  /** Deadline for name resolution; default 5000 ms. */
  timeoutMs?: number;
}

export type CheckUrlResult =
  | { ok: true; url: string; hostname: string; addresses: string[]; message: string }
  | { ok: false; kind: GuardedRequestErrorKind; message: string; address?: string };

/**
 * Syntax + resolution + policy check for a destination URL, for the UI to warn early. Advisory
 * only: DNS can change, so guardedRequest re-checks the addresses on every request.
 */
export async function checkUrl(options: CheckUrlOptions): Promise<CheckUrlResult> {
  const timeoutMs = Math.min(Math.max(options.timeoutMs ?? 5000, 1), MAX_TIMER_MS);
  const controller = new AbortController();
  let dest: Destination | undefined;
  const timer = setTimeout(() => {
    controller.abort(
      new GuardedRequestError("timeout", `Resolving ${dest?.hostname ?? "the host"} took longer than ${timeoutMs} ms`),
    );
  }, timeoutMs);
  try {
    dest = parseDestination(options.url);
    const vetted = await vetDestination(dest, toPolicy(options), options.lookup ?? defaultLookup, controller.signal);
    const list = vetted.addresses.join(", ");
    const subject = dest.literal ? list : `${dest.hostname} resolves to ${list}`;
    const verb = dest.literal ? (vetted.addresses.length > 1 ? "are" : "is") : ", which is";
    let message: string;
    if (vetted.via.has("allowlist"))
      message = `${subject}${dest.literal ? " " : ""}${verb} allowed by the instance allowlist.`;
    else if (vetted.via.has("privateNetwork")) {
      message = `${subject}${dest.literal ? " " : ""}${verb} a private network destination allowed by the instance configuration.`;
    } else message = dest.literal ? `${list} is a public address.` : `${subject}.`;
    return { ok: true, url: dest.url.href, hostname: dest.hostname, addresses: vetted.addresses, message };
  } catch (error) {
    const guarded =
      error instanceof GuardedRequestError
        ? error
        : new GuardedRequestError("network", errorMessage(error), { cause: error });
    return {
      ok: false,
      kind: guarded.kind,
      message: guarded.message,
      ...(guarded.address !== undefined ? { address: guarded.address } : {}),
    };
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// guardedRequest

const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

// We own framing and connection management; letting callers set these would break pinning
// (Host pointing elsewhere is harmless for the IP, but confusing) or hang requests (Expect).
const IGNORED_REQUEST_HEADERS = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "proxy-connection",
  "upgrade",
  "te",
  "trailer",
  "expect",
]);

type Phase = "resolving" | "connecting" | "waiting for the response" | "reading the response body";

function buildHeaders(dest: Destination, input: Record<string, string> | undefined, body: Buffer | undefined) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input ?? {})) {
    if (IGNORED_REQUEST_HEADERS.has(name.toLowerCase())) continue;
    try {
      http.validateHeaderName(name);
      http.validateHeaderValue(name, value);
    } catch (error) {
      throw new GuardedRequestError("invalid_request", `Invalid request header "${name}": ${errorMessage(error)}`, {
        cause: error,
      });
    }
    headers[name] = value;
  }
  // url.host keeps brackets for IPv6 and omits the default port, exactly like a browser would.
  headers["Host"] = dest.url.host;
  if (body !== undefined) headers["Content-Length"] = String(body.length);
  return headers;
}

function flattenHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

const TLS_CODE =
  /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|INVALID_CA|INVALID_PURPOSE|PATH_LENGTH_EXCEEDED|HOSTNAME_MISMATCH)/;

function classifyNetworkError(
  error: unknown,
  host: string,
  isHttps: boolean,
  address: string | undefined,
): GuardedRequestError {
  if (error instanceof GuardedRequestError) return error;
  const code = errorCode(error);
  const detail = errorMessage(error);
  const at = address ? `${host} (${address})` : host;
  const options = { cause: error, ...(code ? { code } : {}), ...(address ? { address } : {}) };
  const make = (kind: GuardedRequestErrorKind, message: string) => new GuardedRequestError(kind, message, options);

  if (code === "ECONNREFUSED") return make("connection_refused", `Connection refused by ${at}`);
  if (code === "ECONNRESET" || code === "EPIPE")
    return make("connection_reset", `Connection to ${at} was reset (${detail})`);
  if (code === "ETIMEDOUT") return make("timeout", `Connection to ${at} timed out`);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "ENODATA")
    return make("dns", `Could not resolve ${host} (${code})`);
  if ((code && TLS_CODE.test(code)) || (isHttps && code === "EPROTO"))
    return make("tls", `TLS error with ${at}: ${detail}`);
  if (code?.startsWith("HPE_")) return make("network", `${at} sent a malformed HTTP response (${detail})`);
  if (code === "ENETUNREACH" || code === "EHOSTUNREACH") return make("network", `${at} is unreachable (${code})`);
  return make("network", `Request to ${at} failed: ${detail}`);
}

function lookupFamily(family: number | "IPv4" | "IPv6" | undefined): 0 | 4 | 6 {
  if (family === 4 || family === "IPv4") return 4;
  if (family === 6 || family === "IPv6") return 6;
  return 0;
}

/** A `lookup` for node:net that only ever answers with the already vetted addresses. */
function pinnedLookup(hostname: string, targets: readonly LookupAddress[]): LookupFunction {
  return (requested, options, callback) => {
    const family = lookupFamily(options.family);
    const matches = targets.filter((t) => family === 0 || t.family === family);
    const first = matches[0];
    if (requested.toLowerCase() !== hostname.toLowerCase() || !first) {
      const error: NodeJS.ErrnoException = new Error(`No vetted address for ${requested}`);
      error.code = "ENOTFOUND";
      callback(error, "", undefined);
      return;
    }
    if (options.all)
      callback(
        null,
        matches.map((t) => ({ address: t.address, family: t.family })),
      );
    else callback(null, first.address, first.family);
  };
}

/** Canonical form used to compare a socket's peer with the vetted targets. */
function canonicalTarget(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  const info = classifyAddress(address);
  // Zone ids are not always echoed back in remoteAddress; the address itself is what we vetted.
  return info ? connectTarget(info).address.replace(/%.*$/, "") : undefined;
}

export async function guardedRequest(options: GuardedRequestOptions): Promise<GuardedResponse> {
  const started = performance.now();
  const { timeoutMs } = options;
  if (typeof timeoutMs !== "number" || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new GuardedRequestError("invalid_request", "timeoutMs must be a positive number of milliseconds");
  }
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isInteger(maxResponseBytes) || maxResponseBytes < 0) {
    throw new GuardedRequestError("invalid_request", "maxResponseBytes must be a non-negative integer");
  }
  const method = (options.method ?? "POST").toUpperCase();
  if (!HTTP_TOKEN.test(method))
    throw new GuardedRequestError("invalid_request", `"${options.method}" is not a valid HTTP method`);

  const dest = parseDestination(options.url);
  const policy = toPolicy(options);
  const body =
    options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body);
  const headers = buildHeaders(dest, options.headers, body);

  if (options.signal?.aborted) throw new GuardedRequestError("aborted", "The request was aborted before it started");

  // One controller for both the deadline and the caller's signal: every await and every socket
  // below listens to it, so either one tears everything down.
  const controller = new AbortController();
  let phase: Phase = "resolving";
  const timer = setTimeout(
    () => {
      controller.abort(
        new GuardedRequestError(
          "timeout",
          `Request to ${dest.url.host} timed out after ${timeoutMs} ms while ${phase}`,
        ),
      );
    },
    Math.min(timeoutMs, MAX_TIMER_MS),
  );
  const onCallerAbort = (): void => {
    controller.abort(new GuardedRequestError("aborted", `Request to ${dest.url.host} was aborted while ${phase}`));
  };
  options.signal?.addEventListener("abort", onCallerAbort, { once: true });

  try {
    const vetted = await vetDestination(dest, policy, options.lookup ?? defaultLookup, controller.signal);
    phase = "connecting";
    const context: SendContext = {
      dest,
      vetted,
      method,
      headers,
      body,
      maxResponseBytes,
      signal: controller.signal,
      started,
      setPhase: (next) => {
        phase = next;
      },
      fresh: false,
    };
    try {
      return await send(context);
    } catch (error) {
      // A pooled socket the server closed while it sat idle fails before any answer: the request
      // never reached the server's application, so it is sent once more on a new connection.
      if (!(error instanceof StaleSocketError)) throw error;
      phase = "connecting";
      return await send({ ...context, fresh: true });
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onCallerAbort);
  }
}

interface SendContext {
  dest: Destination;
  vetted: VettedDestination;
  method: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  maxResponseBytes: number;
  signal: AbortSignal;
  started: number;
  setPhase: (phase: Phase) => void;
  /** A connection of its own (the retry after a stale pooled socket), closed after the response. */
  fresh: boolean;
}

/** The pooled socket a request went out on was already closed by the server (see guardedRequest). */
class StaleSocketError extends Error {}
const STALE_SOCKET_CODES = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED"]);

function send(ctx: SendContext): Promise<GuardedResponse> {
  const { dest, vetted, signal } = ctx;
  const isHttps = dest.url.protocol === "https:";
  const allowedPeers = new Set(vetted.targets.map((t) => canonicalTarget(t.address)));
  const firstTarget = vetted.targets[0];
  if (!firstTarget) return Promise.reject(new GuardedRequestError("dns", `${dest.hostname} has no usable address`));

  return new Promise<GuardedResponse>((resolve, reject) => {
    let settled = false;
    let remoteAddress: string | undefined;
    let response: http.IncomingMessage | undefined;

    const requestOptions: https.RequestOptions = {
      protocol: dest.url.protocol,
      // Literal IPs are connected to directly (already vetted); names go through the pinned lookup.
      host: dest.literal ? firstTarget.address : dest.hostname,
      port: dest.port,
      path: `${dest.url.pathname}${dest.url.search}`,
      method: ctx.method,
      headers: ctx.fresh ? { ...ctx.headers, Connection: "close" } : ctx.headers,
      agent: ctx.fresh
        ? false
        : keepAliveAgent({ protocol: isHttps ? "https:" : "http:", host: dest.url.host, addresses: vetted.targets.map((t) => t.address) }),
      lookup: pinnedLookup(dest.hostname, vetted.targets),
      ...(isHttps && !dest.literal ? { servername: dest.hostname.replace(/\.$/, "") } : {}),
    };

    let request: http.ClientRequest;
    try {
      request = isHttps ? https.request(requestOptions) : http.request(requestOptions);
    } catch (error) {
      reject(
        new GuardedRequestError("invalid_request", `Could not build the request: ${errorMessage(error)}`, {
          cause: error,
        }),
      );
      return;
    }

    const finish = (settle: () => void, { keepSocket = false } = {}): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      // A response read to its end hands its socket back to the pool; on every other path the
      // socket is destroyed, so nothing half-read is ever reused.
      if (!keepSocket) {
        response?.destroy();
        request.destroy();
      }
      settle();
    };
    const fail = (error: unknown): void => {
      const stale = request.reusedSocket && response === undefined && STALE_SOCKET_CODES.has(errorCode(error) ?? "");
      finish(() => reject(stale ? new StaleSocketError("stale pooled socket", { cause: error }) : classifyNetworkError(error, dest.url.host, isHttps, remoteAddress)));
    };
    function onAbort(): void {
      fail(signal.reason);
    }
    signal.addEventListener("abort", onAbort, { once: true });

    // Stays attached after settling: destroy() may still emit "socket hang up", which must not crash.
    request.on("error", fail);

    request.on("socket", (socket: Socket) => {
      const checkPeer = (): void => {
        const peer = canonicalTarget(socket.remoteAddress);
        if (peer === undefined || !allowedPeers.has(peer)) {
          fail(
            new GuardedRequestError(
              "blocked_address",
              `Refusing to talk to ${socket.remoteAddress ?? "an unknown address"}: it is not the vetted address of ${dest.hostname}`,
              socket.remoteAddress ? { address: socket.remoteAddress } : {},
            ),
          );
          return;
        }
        remoteAddress = peer;
        ctx.setPhase("waiting for the response");
      };
      // TLS sockets emit "connect" too (for the underlying TCP connection), before the handshake.
      if (socket.connecting || socket.remoteAddress === undefined) socket.once("connect", checkPeer);
      else checkPeer();
    });

    request.on("response", (res) => {
      response = res;
      ctx.setPhase("reading the response body");
      const chunks: Buffer[] = [];
      let kept = 0;
      let truncated = false;
      res.on("data", (chunk: Buffer) => {
        const room = ctx.maxResponseBytes - kept;
        if (chunk.length > room) truncated = true;
        if (room > 0) {
          const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
          chunks.push(part);
          kept += part.length;
        }
      });
      res.on("end", () => {
        finish(
          () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: flattenHeaders(res.headers),
              body: Buffer.concat(chunks, kept),
              truncated,
              durationMs: Math.round(performance.now() - ctx.started),
              remoteAddress: remoteAddress ?? canonicalTarget(res.socket?.remoteAddress) ?? "",
            }),
          { keepSocket: true },
        );
      });
      res.on("error", fail);
      res.on("close", () => {
        if (!res.complete) {
          fail(
            new GuardedRequestError(
              "connection_reset",
              `Connection to ${dest.url.host} closed before the response was complete`,
            ),
          );
        }
      });
    });

    request.end(ctx.body);
  });
}
