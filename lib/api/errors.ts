// Every error code /api/v1 answers with, its status and default message. Routes answer through
// apiError, and the OpenAPI document lists each operation's codes from this table, so the two agree.
import { jsonError } from "@/lib/http/json-error";

interface ApiErrorSpec {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

export const API_ERRORS = {
  unauthorized: {
    status: 401,
    message: "Send an API token (Authorization: Bearer swy_…) or sign in.",
    headers: { "WWW-Authenticate": 'Bearer realm="Switchyard"' },
  },
  forbidden: { status: 403, message: "Your account may not do this." },
  not_found: { status: 404, message: "No /api/v1 endpoint has this path; GET /api/v1/openapi.json lists them." },
  method_not_allowed: { status: 405, message: "This path does not answer this method; the Allow header lists those it does." },
  invalid_json: { status: 400, message: "The request body is not valid JSON." },
  invalid_request: { status: 400, message: "The request is not valid; see details." },
  payload_query_retired: {
    status: 400,
    message: "The payload query `q` is retired: send the same filter as `where`, in the rules' conditions.",
  },
  body_too_large: { status: 413, message: "The request body is too large." },
  database_unavailable: {
    status: 503,
    message: "The database is unavailable right now (restarting or unreachable); nothing was changed. Try again in a few seconds.",
    headers: { "Retry-After": "5" },
  },
  source_not_found: { status: 404, message: "No source has this id." },
  destination_not_found: { status: 404, message: "No destination has this id." },
  destination_url_refused: { status: 422, message: "The outbound address policy refuses this URL: nothing could ever be delivered to it." },
  circuit_not_open: { status: 409, message: "This destination's circuit is closed: there is nothing to probe." },
  destination_paused: { status: 409, message: "This destination is paused: resume it (which probes at once if its circuit is open)." },
  rule_not_found: { status: 404, message: "No rule has this id." },
  event_not_found: { status: 404, message: "No event has this id." },
  delivery_not_found: { status: 404, message: "No delivery has this id." },
  delivery_already_succeeded: { status: 409, message: "This delivery succeeded; it is not sent again." },
  delivery_already_pending: { status: 409, message: "This delivery is already waiting for its first attempt." },
  delivery_not_cancellable: { status: 409, message: "Only a pending or retrying delivery can be cancelled." },
  delivery_not_skippable: { status: 409, message: "Only an open delivery with an ordering key (pending, retrying or failed) can be skipped." },
  bulk_operation_not_found: { status: 404, message: "No bulk operation has this id." },
  bulk_operation_finished: { status: 409, message: "This bulk operation has already finished." },
  setup_code_invalid: {
    status: 403,
    message: "This is not the set-up code: the line \"No administrator yet\" of the start log has it (every start prints it again).",
  },
  setup_already_done: { status: 409, message: "Switchyard already has an administrator; sign in instead." },
  notification_channel_not_found: { status: 404, message: "No notification channel has this id." },
  alert_rule_not_found: { status: 404, message: "No alert rule has this id." },
  user_not_found: { status: 404, message: "No user has this id." },
  invite_not_found: { status: 404, message: "No invitation has this id." },
  user_exists: { status: 409, message: "This address already has an account." },
  last_admin: { status: 409, message: "This is the last active administrator: make someone else an administrator first." },
  inbox_not_found: { status: 404, message: "No inbox has this id." },
  inbox_token_not_found: { status: 404, message: "This inbox has no token with this id." },
  inbox_message_not_found: { status: 404, message: "This inbox has no message with this id." },
  lease_lost: {
    status: 409,
    message: "This lease is no longer yours: it ran out and the message was received again (or nacked or dead-lettered). Its new holder settles it.",
  },
} as const satisfies Record<string, ApiErrorSpec>;

export type ApiErrorCode = keyof typeof API_ERRORS;

export function apiError(code: ApiErrorCode, init: { message?: string; details?: unknown; headers?: Record<string, string> } = {}): Response {
  const spec: ApiErrorSpec = API_ERRORS[code];
  const headers = spec.headers || init.headers ? { ...spec.headers, ...init.headers } : undefined;
  return jsonError(spec.status, code, init.message ?? spec.message, { details: init.details, headers });
}
