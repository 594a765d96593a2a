// An HTTP answer as plain data (status, JSON body, headers), for the routes the web server serves
// itself (the receiver): written straight to Node's ServerResponse, without building a WHATWG
// Response first (bench:ingest measured that at about 50 µs a request). Callers that want a
// Response (tests, route handlers) convert with toResponse.
import type { ServerResponse } from "node:http";
import type { ApiErrorBody } from "@/lib/http/json-error";

export interface PlainAnswer {
  status: number;
  /** Sent as JSON. */
  body: unknown;
  headers?: Record<string, string>;
}

/** The one JSON error shape: { error: { code, message } }, `code` stable, `message` for humans. */
export function errorAnswer(status: number, code: string, message: string, headers?: Record<string, string>): PlainAnswer {
  const body: ApiErrorBody = { error: { code, message } };
  return headers ? { status, body, headers } : { status, body };
}

export function writeAnswer(response: ServerResponse, answer: PlainAnswer, extraHeaders: Record<string, string> = {}): void {
  // The connection may be gone (the client left, or the server already answered and closed it).
  if (response.headersSent || response.destroyed) return;
  const body = Buffer.from(JSON.stringify(answer.body));
  response.writeHead(answer.status, {
    "content-type": "application/json",
    "x-content-type-options": "nosniff",
    "content-length": String(body.byteLength),
    ...answer.headers,
    ...extraHeaders,
  });
  response.end(body);
}

export function toResponse(answer: PlainAnswer): Response {
  return Response.json(answer.body, { status: answer.status, headers: answer.headers });
}
