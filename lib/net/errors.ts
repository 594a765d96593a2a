// The one error type the guarded HTTP client throws. `kind` is stable and meant for code (retry
// decisions, delivery-attempt records); `message` is meant for humans (shown in the UI as-is).

export const GUARDED_REQUEST_ERROR_KINDS = [
  /** Not http/https, credentials in the URL, unparsable, port 0. */
  "invalid_url",
  /** The destination (or one of its resolved addresses) is not allowed by the address policy. */
  "blocked_address",
  /** The name did not resolve (NXDOMAIN, no addresses, resolver failure). */
  "dns",
  /** The overall deadline passed (DNS, connect, TLS, headers or body). */
  "timeout",
  "connection_refused",
  "connection_reset",
  /** Certificate or handshake problems. */
  "tls",
  /** Anything else at the network/protocol level (unreachable, malformed response, ...). */
  "network",
  /** The caller's AbortSignal fired (e.g. worker shutdown); not the destination's fault. */
  "aborted",
  /** The request itself is unusable (bad method, bad header, bad allowlist entry): a caller bug or bad config. */
  "invalid_request",
] as const;

export type GuardedRequestErrorKind = (typeof GUARDED_REQUEST_ERROR_KINDS)[number];

export class GuardedRequestError extends Error {
  override readonly name = "GuardedRequestError";
  readonly kind: GuardedRequestErrorKind;
  /** The offending address for "blocked_address", the connected address when known otherwise. */
  readonly address: string | undefined;
  /** The underlying Node error code (ECONNREFUSED, ERR_TLS_CERT_ALTNAME_INVALID, ...) when there is one. */
  readonly code: string | undefined;

  constructor(
    kind: GuardedRequestErrorKind,
    message: string,
    options: { address?: string; code?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.address = options.address;
    this.code = options.code;
  }
}
