// Non-crypto helpers shared by the schemes: header reading, timestamps and the replay window,
// failure results, and safe access into a parsed JSON body.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { DEFAULT_TOLERANCE_SECONDS, type HeaderBag, type VerificationFailureCode, type VerifyFailure } from "./types";

// RFC 9110 token characters: what an HTTP header name may contain.
export const HTTP_HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** zod schema for a header name in scheme options. */
export const httpHeaderName = z.string().trim().regex(HTTP_HEADER_NAME, "Not a valid HTTP header name");

export function fail(code: VerificationFailureCode, message: string): VerifyFailure {
  return { ok: false, code, message };
}

/** A header's value, trimmed; an empty header counts as absent. */
export function readHeader(headers: HeaderBag, name: string): string | null {
  // Lower-cased so plain-object or Map header bags behave like WHATWG Headers.
  const value = headers.get(name.toLowerCase());
  if (value === null) return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

export const TIMESTAMP_FORMATS = ["auto", "unix", "unix-ms", "iso"] as const;
export type TimestampFormat = (typeof TIMESTAMP_FORMATS)[number];

const DIGITS = /^\d+$/;
// A full date and time with an explicit zone: "2024-01-01T00:00:00Z", "…T00:00:00.123+02:00".
// Date.parse alone would accept "1" or "March 3", which a signed timestamp never is.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
// 10^11 seconds is the year 5138 while 10^11 milliseconds is 1973, so 12+ digits means milliseconds.
const MIN_MS_DIGITS = 12;

/** Parse a timestamp header value; null when it is not in the given format. */
export function parseTimestamp(raw: string, format: TimestampFormat): Date | null {
  let ms: number;
  if (format === "iso" || (format === "auto" && !DIGITS.test(raw))) {
    if (!ISO_8601.test(raw)) return null;
    ms = Date.parse(raw);
  } else {
    if (!DIGITS.test(raw) || raw.length > 16) return null;
    const n = Number(raw);
    const isMs = format === "unix-ms" || (format === "auto" && raw.length >= MIN_MS_DIGITS);
    ms = isMs ? n : n * 1000;
  }
  if (!Number.isFinite(ms)) return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date;
}

const TIMESTAMP_FORMAT_LABEL: Record<TimestampFormat, string> = {
  auto: "a unix time (seconds or milliseconds) or an ISO-8601 date-time",
  unix: "a unix time in seconds",
  "unix-ms": "a unix time in milliseconds",
  iso: "an ISO-8601 date-time such as 2024-01-01T00:00:00Z",
};

export function resolveTolerance(toleranceSeconds: number | undefined): number {
  if (toleranceSeconds === undefined || Number.isNaN(toleranceSeconds) || toleranceSeconds < 0) {
    return DEFAULT_TOLERANCE_SECONDS;
  }
  return toleranceSeconds;
}

/** Replay protection: refuse timestamps more than `toleranceSeconds` away from `now`, in either direction. */
export function checkTolerance(timestamp: Date, now: Date, toleranceSeconds: number): VerifyFailure | null {
  const ageSeconds = (now.getTime() - timestamp.getTime()) / 1000;
  if (ageSeconds > toleranceSeconds) {
    return fail(
      "timestamp_too_old",
      `The signed timestamp is ${Math.round(ageSeconds)} s old, ${Math.round(ageSeconds - toleranceSeconds)} s beyond the ${toleranceSeconds} s tolerance (a replay, a long-delayed retry, or a wrong server clock).`,
    );
  }
  if (-ageSeconds > toleranceSeconds) {
    return fail(
      "timestamp_in_future",
      `The signed timestamp is ${Math.round(-ageSeconds)} s in the future, ${Math.round(-ageSeconds - toleranceSeconds)} s beyond the ${toleranceSeconds} s tolerance (check the sender's or this server's clock).`,
    );
  }
  return null;
}

/**
 * Read, parse and window-check a timestamp. `raw` is the value as sent (null if absent); `where`
 * names it for messages, e.g. "the X-Slack-Request-Timestamp header".
 */
export function checkTimestamp(
  raw: string | null,
  where: string,
  format: TimestampFormat,
  now: Date,
  toleranceSeconds: number | undefined,
): { ok: true; timestamp: Date } | VerifyFailure {
  if (raw === null) return fail("missing_timestamp", `${capitalize(where)} is missing.`);
  const timestamp = parseTimestamp(raw, format);
  if (timestamp === null) {
    return fail("invalid_timestamp", `${capitalize(where)} is not ${TIMESTAMP_FORMAT_LABEL[format]}.`);
  }
  const tooFar = checkTolerance(timestamp, now, resolveTolerance(toleranceSeconds));
  return tooFar ?? { ok: true, timestamp };
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** ISO-8601 in UTC without milliseconds, as Zendesk sends it: 2024-01-01T00:00:00Z. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `json[key]` when json is an object and the value is a non-empty string, else null. */
export function stringField(json: unknown, key: string): string | null {
  if (!isRecord(json)) return null;
  const value = json[key];
  return typeof value === "string" && value !== "" ? value : null;
}

/** Shared secret sanity checks for the "paste your secret" form. */
export function basicSecretProblem(secret: string): string | null {
  if (secret === "") return "The secret is empty.";
  if (secret.trim() !== secret) {
    return "The secret starts or ends with whitespace; this usually means a stray space or newline was pasted.";
  }
  return null;
}

/** For sign(): refuse to produce a signature with an unusable secret instead of a useless one. */
export function requireSecret(secret: string): void {
  if (secret === "") throw new Error("Cannot sign with an empty secret.");
}

/** Event type for schemes without a provider convention: body `type`, else body `event`, if a string. */
export function genericEventType(json: unknown): string | null {
  return stringField(json, "type") ?? stringField(json, "event");
}

/** Sample body for the provider-neutral schemes (generic HMAC, basic auth, API key, none). */
export function genericSamplePayload(): unknown {
  return {
    id: `evt_${randomUUID().replaceAll("-", "")}`,
    type: "order.created",
    created_at: "2024-06-10T12:00:00Z",
    data: {
      order_id: "ord_1001",
      customer: { id: "cus_42", email: "jane@example.com" },
      total: { amount: 6372, currency: "USD" },
      items: [{ sku: "LANTERN-01", quantity: 1 }],
    },
  };
}
