// WORKER_HEALTH_PORT: a port a process manager probes to learn that a worker's event loop still
// turns (Kubernetes' livenessProbe, a Docker HEALTHCHECK). GET /health is answered by the event
// loop itself, so a hung worker does not answer and gets restarted, as `npm start`'s watchdog does
// for its own. It says nothing about the database, on purpose: a worker rides out a database
// restart, and restarting it then would not help. Nothing else is served here, and nothing secret.
import { createServer } from "node:http";
import { errorAnswer, writeAnswer } from "@/lib/http/plain-answer";

const NO_STORE = { "cache-control": "no-store" };

export interface LivenessServer {
  port: number;
  close(): Promise<void>;
}

/** Listens on host:port (0: any free port); rejects, naming the address, when it cannot. */
export async function startLivenessServer({ port, host, role }: { port: number; host: string; role: string }): Promise<LivenessServer> {
  const server = createServer((request, response) => {
    if ((request.url ?? "").split("?")[0] !== "/health") {
      writeAnswer(response, errorAnswer(404, "not_found", "Only GET /health is served on this port."), NO_STORE);
    } else if (request.method !== "GET" && request.method !== "HEAD") {
      writeAnswer(response, errorAnswer(405, "method_not_allowed", "Use GET /health.", { allow: "GET, HEAD" }), NO_STORE);
    } else {
      writeAnswer(response, { status: 200, body: { status: "ok", role } }, NO_STORE);
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
