// The web process's node:http server: the public receiver (/in/<key>) served directly, everything
// else handed to `fallback` (Next.js in bin/web.ts; a plain 404 in tests, which start this real
// server on a free port). Owning the server lets us pin X-Forwarded-For to the real peer (unless
// TRUST_PROXY) and skip Next for the receiver: bench:ingest measured Next's request handling as most
// of its cost.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { env } from "@/lib/env";
import { sendWebResponse, toWebRequest } from "@/lib/http/node-to-web";
import { receive } from "@/lib/ingest/receive";
import { logger } from "@/lib/log";

const log = logger("web");
const INGEST_PATH = /^\/in\/([^/?#]+)\/?(?:\?|$)/;
// Longer than the idle timeouts of common load balancers (60 s), so they close idle connections first.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

async function serveIngest(request: IncomingMessage, response: ServerResponse, key: string): Promise<void> {
  await sendWebResponse(response, await receive({ key: decodeURIComponent(key), request: toWebRequest(request) }));
}

export function createWebServer({ fallback }: { fallback: RequestHandler }): Server {
  const config = env();
  const server = createServer((request, response) => {
    const peer = request.socket.remoteAddress ?? "unknown";
    if (!config.TRUST_PROXY || !request.headers["x-forwarded-for"]) request.headers["x-forwarded-for"] = peer;
    const ingest = INGEST_PATH.exec(request.url ?? "");
    (ingest ? serveIngest(request, response, ingest[1]!) : fallback(request, response)).catch((error: unknown) => {
      log.error("unhandled request error", { url: request.url, error });
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  return server;
}
