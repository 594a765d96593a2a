// Generic HMAC, for senders without a dedicated scheme: configurable header, algorithm, encoding,
// prefix, optional timestamp header, and a signed-content template built from {body}, {timestamp}
// and {header:<name>} placeholders.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  basicSecretProblem,
  checkTimestamp,
  fail,
  genericEventType,
  genericSamplePayload,
  HTTP_HEADER_NAME,
  httpHeaderName,
  isoSeconds,
  readHeader,
  requireSecret,
  TIMESTAMP_FORMATS,
  type TimestampFormat,
  unixSeconds,
} from "./common";
import {
  computeHmac,
  decodeSignature,
  findMatchingSecret,
  HMAC_ALGORITHMS,
  mismatchMessage,
  randomHex,
  secretKeys,
  SIGNATURE_ENCODINGS,
} from "./hmac";
import type { SignatureScheme } from "./types";

// UI forms send "" for an empty optional field; treat that as "not set".
const optionalHeaderName = z.preprocess((v) => (v === "" || v === null ? undefined : v), httpHeaderName.optional());

type Segment =
  { kind: "text"; text: string } | { kind: "body" } | { kind: "timestamp" } | { kind: "header"; name: string };

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Split a template into literal text and placeholders; unknown placeholders are reported, not guessed at. */
export function parseTemplate(template: string): { segments: Segment[]; unknown: string[] } {
  const segments: Segment[] = [];
  const unknown: string[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const start = match.index;
    if (start > last) segments.push({ kind: "text", text: template.slice(last, start) });
    const inner = (match[1] ?? "").trim();
    if (inner === "body") segments.push({ kind: "body" });
    else if (inner === "timestamp") segments.push({ kind: "timestamp" });
    else if (inner.toLowerCase().startsWith("header:") && HTTP_HEADER_NAME.test(inner.slice(7).trim())) {
      segments.push({ kind: "header", name: inner.slice(7).trim().toLowerCase() });
    } else unknown.push(match[0]);
    last = start + match[0].length;
  }
  if (last < template.length) segments.push({ kind: "text", text: template.slice(last) });
  return { segments, unknown };
}

export const hmacOptionsSchema = z
  .object({
    /** Header carrying the signature. */
    header: httpHeaderName.default("x-signature"),
    algorithm: z.enum(HMAC_ALGORITHMS).default("sha256"),
    encoding: z.enum(SIGNATURE_ENCODINGS).default("hex"),
    /** Text before the signature in the header, e.g. "sha256=". */
    prefix: z.string().default(""),
    /** Header carrying the signing time; when set, the replay window applies. */
    timestampHeader: optionalHeaderName,
    timestampFormat: z.enum(TIMESTAMP_FORMATS).default("auto"),
    /** What was signed. Must include {body}: a signature that does not cover the body proves nothing about it. */
    template: z.string().min(1).default("{body}"),
  })
  .superRefine((options, ctx) => {
    const { segments, unknown } = parseTemplate(options.template);
    if (unknown.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["template"],
        message: `Unknown placeholder ${unknown.join(", ")}; use {body}, {timestamp} or {header:<name>}.`,
      });
    }
    if (!segments.some((s) => s.kind === "body")) {
      ctx.addIssue({ code: "custom", path: ["template"], message: "The template must include {body}." });
    }
    if (segments.some((s) => s.kind === "timestamp") && options.timestampHeader === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["timestampHeader"],
        message: "The template uses {timestamp}, so a timestamp header is required.",
      });
    }
    if (segments.some((s) => s.kind === "header" && s.name === options.header.toLowerCase())) {
      ctx.addIssue({
        code: "custom",
        path: ["template"],
        message: "The template cannot include the signature header itself.",
      });
    }
  })
  .prefault({});

export type HmacOptions = z.infer<typeof hmacOptionsSchema>;

function formatTimestamp(now: Date, format: TimestampFormat): string {
  if (format === "iso") return isoSeconds(now);
  if (format === "unix-ms") return String(now.getTime());
  return String(unixSeconds(now));
}

export const genericHmac: SignatureScheme<HmacOptions> = {
  id: "hmac",
  label: "Generic HMAC",
  verifies: true,
  optionsSchema: hmacOptionsSchema,
  // Only when a timestamp header is configured; the tolerance setting is ignored otherwise.
  usesTimestamp: true,
  secretOrigin: "either",
  secretHint: "Use the signing secret the sender shows, or generate one here and paste it into the sender's settings.",
  setupHelp: {
    headers: ["the signature header you configure (default X-Signature)", "optionally a timestamp header"],
    steps: [
      "In the sender's webhook settings, paste this source's URL.",
      "Copy the sender's signing secret here, or generate one here and paste it there.",
      "From the sender's documentation, fill in the signature header, algorithm, encoding, any prefix (such as sha256=), the timestamp header if there is one, and what is signed (for example {timestamp}.{body}).",
      "Use Send a test event to check the settings before relying on them.",
    ],
  },
  generateSecret: () => randomHex(32),
  checkSecret: basicSecretProblem,

  verify: ({ rawBody, headers, secrets, options, now, toleranceSeconds }) => {
    const keys = secretKeys(secrets);
    if (!keys.ok) return fail(keys.code, keys.message);
    const { segments } = parseTemplate(options.template);

    const header = readHeader(headers, options.header);
    if (header === null) return fail("missing_signature", `The ${options.header} header is missing.`);
    const prefix = options.prefix;
    if (prefix !== "" && header.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) {
      return fail("malformed_signature", `The ${options.header} header does not start with ${JSON.stringify(prefix)}.`);
    }
    const decoded = decodeSignature(header.slice(prefix.length).trim(), options.encoding, options.algorithm);
    if (!decoded.ok) return fail("malformed_signature", `The ${options.header} signature ${decoded.problem}.`);

    let timestamp: Date | undefined;
    let rawTimestamp = "";
    if (options.timestampHeader !== undefined) {
      const raw = readHeader(headers, options.timestampHeader);
      const ts = checkTimestamp(
        raw,
        `the ${options.timestampHeader} header`,
        options.timestampFormat,
        now,
        toleranceSeconds,
      );
      if (!ts.ok) return ts;
      timestamp = ts.timestamp;
      rawTimestamp = raw ?? "";
    }

    const parts: (string | Buffer)[] = [];
    for (const segment of segments) {
      if (segment.kind === "text") parts.push(segment.text);
      else if (segment.kind === "body") parts.push(rawBody);
      else if (segment.kind === "timestamp") parts.push(rawTimestamp);
      else {
        const value = readHeader(headers, segment.name);
        if (value === null)
          return fail("missing_header", `The ${segment.name} header is missing; the signed content includes it.`);
        parts.push(value);
      }
    }

    const index = findMatchingSecret(keys.keys, options.algorithm, parts, [decoded.bytes]);
    if (index === null)
      return fail("signature_mismatch", mismatchMessage(`${options.header} signature`, keys.keys.length));
    return timestamp === undefined ? { ok: true, secretIndex: index } : { ok: true, secretIndex: index, timestamp };
  },

  sign: ({ rawBody, secret, options, now, id }) => {
    requireSecret(secret);
    const out: Record<string, string> = {};
    const ts = formatTimestamp(now, options.timestampFormat);
    if (options.timestampHeader !== undefined) out[options.timestampHeader.toLowerCase()] = ts;
    // Other headers named in the template get the message id (random when none was given).
    const headerValue = id ?? randomUUID();
    const parts: (string | Buffer)[] = [];
    for (const segment of parseTemplate(options.template).segments) {
      if (segment.kind === "text") parts.push(segment.text);
      else if (segment.kind === "body") parts.push(rawBody);
      else if (segment.kind === "timestamp") parts.push(ts);
      else {
        const value = out[segment.name] ?? headerValue;
        out[segment.name] = value;
        parts.push(value);
      }
    }
    const signature = computeHmac(options.algorithm, secret, parts).toString(options.encoding);
    out[options.header.toLowerCase()] = `${options.prefix}${signature}`;
    return out;
  },

  dedupeKey: () => null,
  eventType: ({ json }) => genericEventType(json),
  samplePayload: genericSamplePayload,
};
