// Serves App Router route handlers over real HTTP on a loopback port, without Next: each request
// is matched against the routes' paths ("/inboxes/[id]/stream" style), turned into a fetch Request
// whose signal aborts when the client goes away, and the handler's Response (a stream too) is
// written back as it comes. Integration tests talk to it with fetch like any client would.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
export type RouteModule = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", unknown>>;

function matcher(pattern: string): (path: string) => Record<string, string> | null {
  const names: string[] = [];
  const regex = new RegExp(
    "^" +
      pattern.replace(/\[(\w+)\]/g, (_, name: string) => {
        names.push(name);
        return "([^/]+)";
      }) +
      "$",
  );
  return (path) => {
    const match = regex.exec(path);
    return match ? Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? "")])) : null;
  };
}

async function toRequest(incoming: IncomingMessage, url: string, signal: AbortSignal): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === "string") headers.set(name, value);
  const body = chunks.length > 0 && incoming.method !== "GET" ? Buffer.concat(chunks) : undefined;
  return new Request(url, { method: incoming.method ?? "GET", headers, body, signal });
}

export async function startRouteServer(routes: Record<string, RouteModule>, { prefix = "/api/v1" } = {}) {
  const table = Object.entries(routes).map(([pattern, module]) => ({ match: matcher(prefix + pattern), module }));
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const abort = new AbortController();
    outgoing.on("close", () => abort.abort());
    void (async () => {
      const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
      for (const { match, module } of table) {
        const params = match(url.pathname);
        if (!params) continue;
        const handler = module[(incoming.method ?? "GET") as keyof RouteModule] as Handler | undefined;
        if (!handler) break;
        const response = await handler(await toRequest(incoming, url.toString(), abort.signal), { params: Promise.resolve(params) });
        outgoing.writeHead(response.status, Object.fromEntries(response.headers));
        outgoing.flushHeaders();
        if (!response.body) return outgoing.end();
        const body = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
        outgoing.on("close", () => body.destroy());
        body.on("error", () => outgoing.destroy());
        body.pipe(outgoing);
        return;
      }
      incoming.resume();
      outgoing.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "not_found" } }));
    })().catch((error: unknown) => {
      outgoing.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
