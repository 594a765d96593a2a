// The real web server (lib/runtime/create-web-server.ts) on a free loopback port, with a fallback in
// place of Next.js that answers 404 (Next is not under test in integration tests).
import type { AddressInfo } from "node:net";
import { jsonError } from "@/lib/http/json-error";
import { sendWebResponse } from "@/lib/http/node-to-web";
import { createWebServer, type RequestHandler } from "@/lib/runtime/create-web-server";

export const notFoundFallback: RequestHandler = async (request, response) => {
  request.resume();
  await sendWebResponse(response, jsonError(404, "not_found", "Not the receiver (the dashboard would answer here)."));
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
