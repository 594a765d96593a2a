// The one JSON error shape of every API answer: { error: { code, message } }. `code` is stable and
// documented; `message` is for humans and may change.
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function jsonError(
  status: number,
  code: string,
  message: string,
  init: { headers?: Record<string, string>; details?: unknown } = {},
): Response {
  const body: ApiErrorBody = { error: { code, message, ...(init.details === undefined ? {} : { details: init.details }) } };
  return Response.json(body, { status, headers: init.headers });
}
