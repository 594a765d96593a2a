// The web process's node:http server: the public receiver (/in/*) served directly, everything else
// handed to `fallback` (Next.js in bin/web.ts; a plain 404 in tests, which start this real server on
// a free port). Owning the server lets us pin X-Forwarded-For to the real peer (unless TRUST_PROXY),
// skip Next for the receiver (bench:ingest measured Next's request handling as most of its cost),
// bound slow or abandoned requests, and answer every request Node itself refuses with a JSON error.
// With TLS_CERT_FILE/TLS_KEY_FILE it speaks HTTPS itself (HTTP/1.1, keep-alive and every bound as
// over plain HTTP), sends HSTS, and takes up a renewed certificate without a restart (tls-files.ts):
// it emits "tlsReload" with each outcome, which is also logged.
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Duplex } from "node:stream";
import { env } from "@/lib/env";
import { type ApiErrorBody } from "@/lib/http/json-error";
import { errorAnswer, writeAnswer } from "@/lib/http/plain-answer";
import { ACCEPTED_METHODS } from "@/lib/pipeline/ingest/receive";
import { isIngestPath, serveIngest } from "@/lib/pipeline/ingest/serve-ingest";
import { logger } from "@/lib/log";
import { isMetricsPath, serveMetrics } from "@/lib/metrics/serve-metrics";
import { startProcessMetrics } from "@/lib/metrics/process-metrics";
import { readTlsFiles, watchTlsFiles, type TlsFiles, type TlsReload } from "@/lib/runtime/tls-files";

export type { TlsFiles, TlsReload };

const log = logger("web");
// Longer than the idle timeouts of common load balancers (60 s), so they close idle connections first.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
// Served over TLS: browsers use https for this host for a year. Not includeSubDomains: other hosts
// of the domain are not ours to decide for.
const HSTS = "max-age=31536000";

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export interface WebServerLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  ingestBodyTimeoutMs: number;
  maxConnections: number;
}

// What Node's parser and timers refuse before any handler runs ('clientError'), as JSON errors.
const CLIENT_ERRORS: Record<string, [status: number, code: string, message: string]> = {
  HPE_HEADER_OVERFLOW: [431, "headers_too_large", "The request line and headers are larger than this server accepts."],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, "chunk_extensions_too_large", "The chunk extensions are larger than this server accepts."],
  ERR_HTTP_REQUEST_TIMEOUT: [408, "request_timeout", "The request did not arrive in time."],
  HPE_INVALID_EOF_STATE: [400, "request_incomplete", "The connection ended before the request was complete (a body short of its Content-Length, or a chunked body without its last chunk); nothing was stored."],
};
const BAD_REQUEST: [number, string, string] = [400, "bad_request", "This is not a well-formed HTTP/1.1 request."];

/** A complete JSON error response as bytes, for sockets no ServerResponse owns. */
function rawJsonError(status: number, code: string, message: string, headers: Record<string, string> = {}): string {
  const body = JSON.stringify({ error: { code, message } } satisfies ApiErrorBody);
  const lines = Object.entries({
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(body)),
    "X-Content-Type-Options": "nosniff",
    Connection: "close",
    ...headers,
  }).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\n${lines.join("")}\r\n${body}`;
}

function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  // The error is in a pipelined request after one that arrived whole and is still being answered:
  // let that answer go out first (it may say the event was stored), then refuse and close.
  if (inFlight && inFlight.req.complete && !inFlight.writableFinished) {
    inFlight.once("close", () => answerClientError(error, socket));
    return;
  }
  // As Node does by default: never write into a response already under way on this connection.
  if (error.code !== "ECONNRESET" && socket.writable && !inFlight?.headersSent) {
    const [status, code, message] = CLIENT_ERRORS[error.code ?? ""] ?? BAD_REQUEST;
    log.debug("request refused by the HTTP parser", { status, reason: error.code });
    socket.write(rawJsonError(status, code, message));
  }
  socket.destroy();
}

export function createWebServer({
  fallback,
  limits = {},
  tls,
}: {
  fallback: RequestHandler;
  limits?: Partial<WebServerLimits>;
  /** Speak TLS with these files; null for plain HTTP. Defaults to TLS_CERT_FILE/TLS_KEY_FILE. */
  tls?: TlsFiles | null;
}): Server {
  const config = env();
  const configured = config.TLS_CERT_FILE && config.TLS_KEY_FILE ? { certFile: config.TLS_CERT_FILE, keyFile: config.TLS_KEY_FILE } : null;
  const tlsFiles = tls !== undefined ? tls : configured;
  const bounds: WebServerLimits = {
    headersTimeoutMs: config.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS,
    ingestBodyTimeoutMs: config.INGEST_BODY_TIMEOUT_MS,
    maxConnections: config.MAX_CONNECTIONS,
    ...limits,
  };
  startProcessMetrics({ role: "web" });
  const options: ServerOptions = {
    // Node's own timeouts bound headers and whole requests on every route and answer 408 through
    // 'clientError'. They only apply while a request is arriving: an idle keep-alive connection
    // is governed by keepAliveTimeout, and a slow response (a live stream) by nothing here.
    headersTimeout: bounds.headersTimeoutMs,
    requestTimeout: bounds.requestTimeoutMs,
    // Node checks those timeouts on this interval (30 s by default, which would stretch a 15 s limit to 45 s).
    connectionsCheckingInterval: Math.max(25, Math.min(1_000, Math.floor(bounds.headersTimeoutMs / 4))),
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    // Answered below instead, as JSON like every other refusal.
    requireHostHeader: false,
  };
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    if (tlsFiles) response.setHeader("Strict-Transport-Security", HSTS);
    const peer = request.socket.remoteAddress ?? "unknown";
    if (!config.TRUST_PROXY || !request.headers["x-forwarded-for"]) request.headers["x-forwarded-for"] = peer;
    const handled =
      request.headers.host === undefined && request.httpVersion === "1.1"
        ? Promise.resolve(writeAnswer(response, errorAnswer(400, "host_required", "An HTTP/1.1 request must have a Host header.")))
        : isIngestPath(request.url)
          ? serveIngest(request, response, { bodyTimeoutMs: bounds.ingestBodyTimeoutMs })
          : isMetricsPath(request.url)
            ? serveMetrics(request, response)
            : fallback(request, response);
    handled.catch((error: unknown) => {
      log.error("unhandled request error", { url: request.url, error });
      if (!response.headersSent) response.writeHead(500).end();
    });
  };
  const server = tlsFiles ? createTlsServer(options, handle, tlsFiles) : createServer(options, handle);
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Past the cap Node closes new connections at once; open ones (keep-alive included) carry on.
  server.maxConnections = bounds.maxConnections;
  server.on("clientError", answerClientError);
  // Without a listener Node drops a CONNECT connection without a word.
  server.on("connect", (request: IncomingMessage, socket: Duplex) => {
    socket.write(
      rawJsonError(
        405,
        "method_not_allowed",
        "CONNECT is not supported here.",
        isIngestPath(request.url) ? { Allow: ACCEPTED_METHODS.join(", ") } : {},
      ),
    );
    socket.destroy();
  });
  // An Expect other than 100-continue (Node would answer a bare 417).
  server.on("checkExpectation", (_request: IncomingMessage, response: ServerResponse) => {
    writeAnswer(response, errorAnswer(417, "expectation_failed", "Only Expect: 100-continue is supported."));
  });
  return server;
}

/** The HTTPS server: the files read (and checked) now, watched from then on. */
function createTlsServer(
  options: ServerOptions,
  handle: (request: IncomingMessage, response: ServerResponse) => void,
  files: TlsFiles,
): Server {
  const pair = readTlsFiles(files);
  const server = createHttpsServer({ ...options, ...pair }, handle);
  // A failed handshake (a plain HTTP request on this port, a client that trusts another certificate)
  // is no HTTP request: it is closed, not answered in plain text as 'clientError' would.
  server.removeAllListeners("tlsClientError");
  server.on("tlsClientError", (error: Error & { code?: string }, socket: Duplex) => {
    log.debug("TLS handshake failed", { reason: error.code ?? error.message });
    socket.destroy();
  });
  const stop = watchTlsFiles(files, {
    current: pair,
    apply: (next) => server.setSecureContext(next),
    report: (reload) => {
      if (reload.ok)
        log.info("TLS certificate reloaded", {
          subject: reload.subject,
          validTo: reload.validTo,
          fingerprint256: reload.fingerprint256,
        });
      else
        log.error("TLS files changed but cannot be used; still serving the previous certificate", {
          reason: reload.error,
        });
      server.emit("tlsReload", reload);
    },
  });
  server.on("close", stop);
  return server;
}
