// Client-safe descriptions of the signature schemes for the source forms and the source page: plain
// data only (lib/signatures itself uses node:crypto, so components get this instead). The option
// fields are generated from each scheme's optionsSchema, so a new option shows up in the forms.
import { z } from "zod";
import { schemeList } from "@/lib/signatures/registry";
import type { SchemeId, SetupHelp } from "@/lib/signatures/types";

export interface SchemeOptionField {
  /** The key in schemeOptions. */
  key: string;
  label: string;
  hint: string | null;
  placeholder: string | null;
  kind: "text" | "select";
  /** For kind "select". */
  choices: Array<{ value: string; label: string }>;
  /** Header names, prefixes, templates: shown in a monospace font. */
  monospace: boolean;
}

export interface SchemeDescriptor {
  id: SchemeId;
  label: string;
  /** One line for pickers. */
  description: string;
  verifies: boolean;
  usesTimestamp: boolean;
  /** When the replay window applies only in some configurations (generic HMAC), what it depends on. */
  timestampNote: string | null;
  secretHint: string;
  /** "provider": the sender generates the secret and the operator pastes it; "either": it may be generated here. */
  secretOrigin: "provider" | "either";
  setupHelp: SetupHelp;
  /** The scheme's option defaults as form values. */
  defaults: Record<string, string>;
  optionFields: SchemeOptionField[];
  /** What "provider default" duplicate detection keys on, or null when the scheme has no delivery id. */
  providerDedupe: string | null;
}

const DESCRIPTIONS: Record<SchemeId, string> = {
  stripe: "Stripe-Signature: HMAC-SHA256 over a timestamp and the body, with the endpoint's whsec_ secret.",
  github: "X-Hub-Signature-256: HMAC-SHA256 of the body, with the secret set on the webhook.",
  shopify: "X-Shopify-Hmac-Sha256: HMAC-SHA256 of the body, with the store's or app's secret.",
  slack: "X-Slack-Signature: HMAC-SHA256 over a timestamp and the body, with the app's signing secret.",
  "standard-webhooks": "webhook-signature, webhook-id and webhook-timestamp headers (standardwebhooks.com).",
  svix: "svix-signature headers, as sent by Clerk, Resend and other services that use Svix.",
  zendesk: "X-Zendesk-Webhook-Signature: HMAC-SHA256 over a timestamp and the body.",
  twilio: "X-Twilio-Signature: HMAC-SHA1 over the public URL (from APP_URL) and the sorted form parameters, with the account's Auth Token.",
  hmac: "Any other sender that signs the body with an HMAC: you set the header, algorithm and format.",
  "basic-auth": "The sender logs in with a user and password (Authorization: Basic). The body is not signed.",
  "api-key": "The sender sends a fixed key in a header. The body is not signed.",
  none: "Verifies nothing: anyone who knows the URL can post to it.",
};

const PROVIDER_DEDUPE: Record<SchemeId, string | null> = {
  stripe: "the event id in the body",
  github: "the X-GitHub-Delivery header",
  shopify: "the X-Shopify-Webhook-Id header",
  slack: "the event_id in the body",
  "standard-webhooks": "the webhook-id header",
  svix: "the svix-id header",
  zendesk: "the event id in the body (Zendesk event webhooks)",
  twilio: "the I-Twilio-Idempotency-Token header",
  hmac: null,
  "basic-auth": null,
  "api-key": null,
  none: null,
};

const TIMESTAMP_NOTES: Partial<Record<SchemeId, string>> = {
  hmac: "Applies only when a timestamp header is set.",
};

type FieldCopy = { label: string; hint?: string; placeholder?: string; monospace?: boolean };

/** Labels and help for option keys: "<scheme>.<key>" first, then "<key>". */
const OPTION_COPY: Record<string, FieldCopy> = {
  "hmac.header": { label: "Signature header", hint: "The header the sender puts the signature in.", placeholder: "x-signature", monospace: true },
  "hmac.algorithm": { label: "Algorithm", hint: "The hash the HMAC uses." },
  "hmac.encoding": { label: "Signature encoding", hint: "How the signature is written in the header." },
  "hmac.prefix": { label: "Signature prefix", hint: "Text before the signature in the header, such as sha256=. Leave empty if there is none.", placeholder: "(none)", monospace: true },
  "hmac.timestampHeader": {
    label: "Timestamp header",
    hint: "Only if the sender signs a timestamp: then requests older than the tolerance are refused (replay protection).",
    placeholder: "(none)",
    monospace: true,
  },
  "hmac.timestampFormat": { label: "Timestamp format", hint: "How the timestamp header's value is written." },
  "hmac.template": {
    label: "Signed content",
    hint: "What the sender signs: {body} is the raw body, {timestamp} the timestamp header's value, {header:x-name} any header. For example {timestamp}.{body}.",
    placeholder: "{body}",
    monospace: true,
  },
  "api-key.header": { label: "Key header", hint: "The header that carries the key, such as X-API-Key or Authorization.", placeholder: "x-api-key", monospace: true },
  "api-key.prefix": {
    label: "Key prefix",
    hint: "Text before the key, such as “Bearer ” (with its space) when the header is Authorization. Leave empty if there is none.",
    placeholder: "(none)",
    monospace: true,
  },
};

const CHOICE_LABELS: Record<string, string> = {
  "algorithm.sha1": "SHA-1",
  "algorithm.sha256": "SHA-256",
  "algorithm.sha512": "SHA-512",
  "encoding.hex": "Hexadecimal",
  "encoding.base64": "Base64",
  "timestampFormat.auto": "Detect (unix seconds, milliseconds or ISO-8601)",
  "timestampFormat.unix": "Unix time in seconds",
  "timestampFormat.unix-ms": "Unix time in milliseconds",
  "timestampFormat.iso": "ISO-8601 date-time",
};

function humanise(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

interface JsonSchemaProperty {
  type?: string;
  enum?: unknown[];
  default?: unknown;
}

function optionFields(id: SchemeId, schema: z.ZodType): SchemeOptionField[] {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, JsonSchemaProperty> };
  return Object.entries(json.properties ?? {}).map(([key, property]) => {
    const copy = OPTION_COPY[`${id}.${key}`] ?? OPTION_COPY[key] ?? { label: humanise(key) };
    const values = (property.enum ?? []).filter((value): value is string => typeof value === "string");
    return {
      key,
      label: copy.label,
      hint: copy.hint ?? null,
      placeholder: copy.placeholder ?? null,
      kind: values.length > 0 ? "select" : "text",
      choices: values.map((value) => ({ value, label: CHOICE_LABELS[`${key}.${value}`] ?? value })),
      monospace: copy.monospace ?? false,
    };
  });
}

function formDefaults(options: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (options && typeof options === "object") {
    for (const [key, value] of Object.entries(options)) {
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") out[key] = String(value);
    }
  }
  return out;
}

let cached: SchemeDescriptor[] | null = null;

/** Every scheme in display order (provider schemes first, `none` last). */
export function describeSchemes(): SchemeDescriptor[] {
  cached ??= schemeList.map((scheme) => ({
    id: scheme.id,
    label: scheme.label,
    description: DESCRIPTIONS[scheme.id],
    verifies: scheme.verifies,
    usesTimestamp: scheme.usesTimestamp,
    timestampNote: TIMESTAMP_NOTES[scheme.id] ?? null,
    secretHint: scheme.secretHint,
    secretOrigin: scheme.secretOrigin,
    setupHelp: scheme.setupHelp,
    defaults: formDefaults(scheme.optionsSchema.parse(undefined)),
    optionFields: optionFields(scheme.id, scheme.optionsSchema),
    providerDedupe: PROVIDER_DEDUPE[scheme.id],
  }));
  return cached;
}

export function describeScheme(id: string): SchemeDescriptor | null {
  return describeSchemes().find((scheme) => scheme.id === id) ?? null;
}

/** A source's stored options as form values, over the scheme's defaults. */
export function schemeOptionValues(id: string, options: Record<string, unknown>): Record<string, string> {
  return { ...(describeScheme(id)?.defaults ?? {}), ...formDefaults(options) };
}

/**
 * The headers a source's sender must send, from its configured options, for schemes whose headers
 * are configurable (generic HMAC, API key); null means the scheme's fixed setupHelp.headers apply.
 */
export function configuredHeaders(id: string, options: Record<string, unknown>): string[] | null {
  const values = schemeOptionValues(id, options);
  if (id === "api-key") return [`${values.header ?? "x-api-key"}: ${values.prefix ?? ""}<key>`];
  if (id !== "hmac") return null;
  const prefix = values.prefix ? `${values.prefix}` : "";
  const headers = [`${values.header ?? "x-signature"}: ${prefix}<${values.encoding ?? "hex"} HMAC-${(values.algorithm ?? "sha256").toUpperCase()}>`];
  if (values.timestampHeader) headers.push(`${values.timestampHeader}: <timestamp>`);
  for (const match of (values.template ?? "").matchAll(/\{\s*header:\s*([^}\s]+)\s*\}/gi)) {
    if (match[1]) headers.push(match[1]);
  }
  return headers;
}

/** Whether a source's signatures carry a timestamp (generic HMAC only when a timestamp header is set). */
export function timestampApplies(id: string, options: Record<string, unknown>): boolean {
  const scheme = describeScheme(id);
  if (!scheme?.usesTimestamp) return false;
  return id !== "hmac" || Boolean(schemeOptionValues(id, options).timestampHeader);
}
