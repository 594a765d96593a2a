// WORKER_HEALTH_PORT: a port a process manager probes to learn that a worker's event loop still
// turns (Kubernetes' livenessProbe, a Docker HEALTHCHECK). GET /health is answered by the event
// loop itself, so a hung worker does not answer and gets restarted, as `npm start`'s watchdog does
// for its own. It says nothing about the database, on purpose: a worker rides out a database
// restart, and restarting it then would not help. Nothing else is served here, and nothing secret.
import { createServer, type ServerResponse } from "node:http";

export interface LivenessServer {
  port: number;
  close(): Promise<void>;
}

function answer(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  response.end(JSON.stringify(body));
}

/** Listens on host:port (0: any free port); rejects, naming the address, when it cannot. */
export async function startLivenessServer({ port, host, role }: { port: number; host: string; role: string }): Promise<LivenessServer> {
  const server = createServer((request, response) => {
    if ((request.url ?? "").split("?")[0] !== "/health") {
      answer(response, 404, { error: { code: "not_found", message: "Only GET /health is served on this port." } });
    } else if (request.method !== "GET" && request.method !== "HEAD") {
      answer(response, 405, { error: { code: "method_not_allowed", message: "Use GET /health." } }, { allow: "GET, HEAD" });
    } else {
      answer(response, 200, { status: "ok", role });
    }
  });
  // A probe sends a few bytes and waits a second or so: nothing slow or large is worth holding.
  server.headersTimeout = 5_000;
  server.requestTimeout = 5_000;
  server.maxHeadersCount = 50;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => reject(new Error(`cannot listen on ${host}:${port} (${error.code ?? error.message})`)));
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
