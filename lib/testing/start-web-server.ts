// The real web server (lib/runtime/create-web-server.ts) on a free loopback port, with a fallback in
// place of Next.js that answers 404 (Next is not under test in integration tests).
import type { AddressInfo } from "node:net";
import { errorAnswer, writeAnswer } from "@/lib/http/plain-answer";
import { createWebServer, type RequestHandler } from "@/lib/runtime/create-web-server";

export const notFoundFallback: RequestHandler = (request, response) => {
  request.resume();
  writeAnswer(response, errorAnswer(404, "not_found", "Not the receiver (the dashboard would answer here)."));
  return Promise.resolve();
};

export async function startWebServer(options: Omit<Parameters<typeof createWebServer>[0], "fallback"> & { fallback?: RequestHandler } = {}) {
  const server = createWebServer({ fallback: notFoundFallback, ...options });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
