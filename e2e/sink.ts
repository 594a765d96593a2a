// A local HTTP sink for e2e: records every request (headers and raw body) it receives.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface SinkRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Sink {
  url: string;
  requests: SinkRequest[];
  /** How requests are answered (200 {"ok":true} unless changed): set it to make the endpoint fail or recover. */
  answer: { status: number; body: string };
  /** While set, requests are answered only once it settles: a request held out for as long as a test needs. */
  hold: Promise<unknown> | null;
  close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const requests: SinkRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const answer = () =>
        response.writeHead(sink.answer.status, { "content-type": "application/json" }).end(sink.answer.body);
      if (sink.hold) void sink.hold.then(answer, answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const sink: Sink = {
    url: `http://127.0.0.1:${port}/urgent`,
    requests,
    answer: { status: 200, body: '{"ok":true}' },
    hold: null,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return sink;
}
