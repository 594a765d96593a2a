// POSTs a notification's JSON to a channel's URL through the SSRF-guarded client (the URL is the
// operator's, the addresses it resolves to are checked on every request), and turns what went wrong
// into a NotificationError that never repeats the URL.
import { env } from "@/lib/env";
import { GuardedRequestError } from "@/lib/net/errors";
import { guardedRequest } from "@/lib/net/guarded-request";
import { NotificationError } from "@/lib/alerts/channels/notification-error";

const TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 4096;
/** Refusals that no retry can fix (bad URL, blocked address, a request we cannot build). */
const PERMANENT_KINDS = new Set(["invalid_url", "blocked_address", "invalid_request"]);

export async function postJson({
  url,
  body,
  headers = {},
  allowPrivateNetwork,
}: {
  url: string;
  body: Buffer;
  headers?: Record<string, string>;
  allowPrivateNetwork: boolean;
}): Promise<void> {
  let status: number;
  let answer: string;
  try {
    const response = await guardedRequest({
      url,
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Switchyard-Alerts", ...headers },
      body,
      timeoutMs: TIMEOUT_MS,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      allowPrivateNetwork,
      allowCidrs: env().OUTBOUND_ALLOW_CIDRS,
    });
    status = response.status;
    answer = response.body.toString("utf8").slice(0, 200);
  } catch (error) {
    if (error instanceof GuardedRequestError) throw new NotificationError(error.message, PERMANENT_KINDS.has(error.kind));
    throw error;
  }
  if (status >= 200 && status < 300) return;
  // 408 and 429 say "later"; other 4xx say the URL or the payload is wrong (a revoked Slack hook: 404/410).
  const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
  throw new NotificationError(`The endpoint answered HTTP ${status}${answer.trim() ? `: ${answer.trim()}` : ""}`, permanent);
}
