// Shared types for inbound webhook signature verification.
// Everything in lib/signatures is pure: no I/O, no clock reads (callers pass `now`), no parsing of
// the body before verification (schemes see the raw bytes).
import type { z } from "zod";

export const SCHEME_IDS = [
  "stripe",
  "github",
  "shopify",
  "slack",
  "standard-webhooks",
  "svix",
  "zendesk",
  "twilio",
  "hmac",
  "basic-auth",
  "api-key",
  "none",
] as const;

export type SchemeId = (typeof SCHEME_IDS)[number];

export function isSchemeId(value: unknown): value is SchemeId {
  return typeof value === "string" && (SCHEME_IDS as readonly string[]).includes(value);
}

/** A WHATWG `Headers` instance satisfies this; names are looked up case-insensitively. */
export interface HeaderBag {
  get(name: string): string | null;
}

/** Stable, machine-readable reasons. Stored with deliveries and shown in the UI, so only add, never rename. */
export const VERIFICATION_FAILURE_CODES = [
  "no_secret", // the source has no usable secret configured
  "invalid_secret", // configured secrets are unusable for this scheme (e.g. not base64 for Standard Webhooks)
  "invalid_options", // the source's scheme options did not pass the scheme's optionsSchema
  "missing_signature", // the signature (or credential) header is absent
  "malformed_signature", // present but not of the expected shape (bad encoding, wrong length, no v1= …)
  "unsupported_version", // only signature versions/algorithms we do not verify were sent
  "missing_header", // another header the signed content needs is absent
  "missing_timestamp",
  "invalid_timestamp",
  "timestamp_too_old",
  "timestamp_in_future",
  "signature_mismatch", // well-formed, but no signature matched any active secret
] as const;

export type VerificationFailureCode = (typeof VERIFICATION_FAILURE_CODES)[number];

/** Replay window used when the caller does not pass one. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export interface VerifyInput<Options> {
  rawBody: Buffer;
  headers: HeaderBag;
  /** Plaintext, already decrypted; several during a rotation. Empty strings are ignored. */
  secrets: readonly string[];
  options: Options;
  now: Date;
  /** How far a signed timestamp may be from `now`, either way. Defaults to DEFAULT_TOLERANCE_SECONDS; Infinity turns the check off. */
  toleranceSeconds?: number;
  /** The public URL the sender posted to (APP_URL + /in/<key> + the query as received), for schemes that sign it (Twilio). */
  url?: string;
}

export interface VerifySuccess {
  ok: true;
  /** Index in `secrets` of the secret that matched; null for schemes that use no secret. */
  secretIndex: number | null;
  /** The signed timestamp, for timestamped schemes. */
  timestamp?: Date;
}

export interface VerifyFailure {
  ok: false;
  code: VerificationFailureCode;
  /** For humans: what was wrong. Never contains a secret or an expected signature. */
  message: string;
}

export type VerifyResult = VerifySuccess | VerifyFailure;

export interface SignInput<Options> {
  rawBody: Buffer;
  secret: string;
  options: Options;
  now: Date;
  /** Message/delivery id for schemes that send one (Standard Webhooks, Svix, GitHub, Shopify); random when omitted. */
  id?: string;
  /** Event type for schemes that carry it in a header (GitHub, Shopify); defaults to the sample event's type. */
  eventType?: string;
  /** The URL the request goes to, for schemes that sign it (Twilio: after signedUrl()). */
  url?: string;
  /** The request's Content-Type, for schemes whose signed text depends on it (Twilio: form parameters). */
  contentType?: string;
}

export interface EventContext {
  headers: HeaderBag;
  /** The parsed body, or undefined/null when it was not JSON. */
  json: unknown;
}

export interface HandshakeResponse {
  status: number;
  body: unknown;
}

export interface SetupHelp {
  /** Header(s) the provider sends. */
  headers: string[];
  /** Where in the provider's dashboard to paste the URL and find/paste the secret. */
  steps: string[];
}

// Members are properties, not methods, so TypeScript checks `verify`/`sign` contravariantly: a
// SignatureScheme<HmacOptions> cannot silently pass for a SignatureScheme<unknown>. Use the
// registry's erased schemes (which parse options first) when the options type is not known statically.
export interface SignatureScheme<Options> {
  readonly id: SchemeId;
  readonly label: string;
  /** False only for `none`: deliveries accepted by it are unverified. */
  readonly verifies: boolean;
  /** zod v4 schema with defaults; validates a source's stored config. `parse(undefined)` gives the defaults. */
  readonly optionsSchema: z.ZodType<Options>;
  readonly usesTimestamp: boolean;
  readonly secretHint: string;
  /**
   * Who makes the secret: "provider" when the sender generates it and shows it once the URL is
   * entered there (Stripe, Zendesk, Shopify, Slack, Svix): a secret generated here could never be
   * used, so the operator pastes the provider's. "either" when the operator may choose it (GitHub,
   * generic HMAC, credentials), so one can be generated here and pasted at the sender.
   */
  readonly secretOrigin: "provider" | "either";
  readonly setupHelp: SetupHelp;
  /** A fresh random secret in the format this scheme expects. */
  readonly generateSecret: () => string;
  /** A human description of what is wrong with a secret someone pasted, or null if it looks fine. */
  readonly checkSecret: (secret: string) => string | null;
  readonly verify: (input: VerifyInput<Options>) => VerifyResult;
  /** Headers a sender would add; used by "Send a test event" and tests. */
  readonly sign: (input: SignInput<Options>) => Record<string, string>;
  readonly dedupeKey: (input: EventContext) => string | null;
  readonly eventType: (input: EventContext) => string | null;
  readonly samplePayload: () => unknown;
  /** A sample request body when the provider does not send JSON (Twilio: a form); samplePayload otherwise. */
  readonly sampleBody?: () => { contentType: string; body: string };
  /** The URL a sender posts this body to, when the scheme puts something in it (Twilio: bodySHA256 for JSON). */
  readonly signedUrl?: (input: { url: string; rawBody: Buffer; contentType: string | null }) => string;
  /** Provider handshakes (Slack url_verification). Call only after verify() returned ok. */
  readonly handshake?: (json: unknown) => HandshakeResponse | null;
}
