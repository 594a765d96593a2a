// A successful JSON answer of the API. Never cached: answers can hold secrets shown once.
export function jsonData(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}
