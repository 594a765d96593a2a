// Source inputs, shared by the forms, the server actions and /api/v1 (and its OpenAPI document).
import { z } from "zod";
import { cidrSchema } from "@/lib/net/ip-policy";
import { parseSchemeOptions, schemeOptionKeys } from "@/lib/signatures/registry";
import { SCHEME_IDS } from "@/lib/signatures/types";
import { SUMMARY_LIMITS, summaryTemplateErrors } from "@/lib/summaries/summary-template";

export const DEDUPE_STRATEGIES = ["provider", "header", "json_path", "off"] as const;
export const MAX_BODY_LIMIT_BYTES = 20 * 1024 * 1024;
export const MAX_TOLERANCE_SECONDS = 24 * 60 * 60;
export const MAX_ROTATION_OVERLAP_HOURS = 30 * 24;

const name = z.string().trim().min(1, "Give the source a name").max(100, "Use at most 100 characters");

const settings = {
  enabled: z.boolean(),
  scheme: z.enum(SCHEME_IDS, { error: `Choose one of: ${SCHEME_IDS.join(", ")}` }),
  schemeOptions: z
    .record(z.string(), z.unknown())
    .meta({ schemeOptions: true })
    .describe("The options of the chosen `scheme` (which of these applies is decided by `scheme`); a key the scheme does not take is refused."),
  toleranceSeconds: z.number().int().min(0).max(MAX_TOLERANCE_SECONDS, "At most 24 hours (86400 seconds)"),
  dedupeStrategy: z.enum(DEDUPE_STRATEGIES),
  dedupeField: z.string().trim().max(200).nullable(),
  bodyLimitBytes: z.number().int().min(1024, "At least 1 KB").max(MAX_BODY_LIMIT_BYTES, "At most 20 MB"),
  ipAllowlist: z.array(cidrSchema).max(100, "At most 100 entries"),
  summaryTemplate: z
    .string()
    .trim()
    .max(SUMMARY_LIMITS.maxTemplateLength, `At most ${SUMMARY_LIMITS.maxTemplateLength} characters`)
    .superRefine((template, ctx) => {
      for (const message of summaryTemplateErrors(template)) ctx.addIssue({ code: "custom", message });
    })
    .describe(
      "How the source's events are named in lists, e.g. `#{{ticket.id}} {{ticket.subject}}`: `{{path}}` is a value of the JSON body (`a.b`, `items[0].sku`, `custom_fields[id=360001].value`) or, failing that, the header of that name (`{{headers.name}}` for a header only); `{{a | b}}` takes the first that has a value. Empty: events are not named.",
    ),
};

/** Cross-field checks shared by create and update; scheme options come out with their defaults. */
function checkSettings(
  value: { scheme?: (typeof SCHEME_IDS)[number]; schemeOptions?: Record<string, unknown>; dedupeStrategy?: string; dedupeField?: string | null },
  ctx: z.RefinementCtx,
) {
  if (value.scheme && value.schemeOptions !== undefined) {
    // Refused, not dropped: a misspelt option would otherwise silently fall back to its default.
    const known = schemeOptionKeys(value.scheme);
    const unknown = Object.keys(value.schemeOptions).filter((key) => !known.includes(key));
    for (const key of unknown) {
      ctx.addIssue({
        code: "custom",
        path: ["schemeOptions", key],
        message: `Unknown option "${key}" for the ${value.scheme} scheme: ${known.length > 0 ? `it takes ${known.join(", ")}` : "it takes none"}`,
      });
    }
    if (unknown.length > 0) return;
    const parsed = parseSchemeOptions(value.scheme, value.schemeOptions);
    if (!parsed.ok) ctx.addIssue({ code: "custom", path: ["schemeOptions"], message: parsed.message });
    else value.schemeOptions = parsed.options as Record<string, unknown>;
  }
  if ((value.dedupeStrategy === "header" || value.dedupeStrategy === "json_path") && !value.dedupeField) {
    ctx.addIssue({
      code: "custom",
      path: ["dedupeField"],
      message: value.dedupeStrategy === "header" ? "Name the header that carries the delivery id" : "Give the JSON path of the delivery id, e.g. data.id",
    });
  }
}

export const SourceCreateInput = z
  .object({
    name,
    enabled: settings.enabled.default(true),
    scheme: settings.scheme.default("none"),
    schemeOptions: settings.schemeOptions.default({}),
    /** The provider's signing secret. Omitted: one is generated where you choose it; none where the provider makes it. */
    secret: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .optional()
      .describe("The signing secret. Omitted: generated for schemes where you choose the secret; for providers that make their own, none until you add theirs."),
    toleranceSeconds: settings.toleranceSeconds.default(300),
    dedupeStrategy: settings.dedupeStrategy.default("provider"),
    dedupeField: settings.dedupeField.optional().default(null),
    bodyLimitBytes: settings.bodyLimitBytes.default(1024 * 1024),
    ipAllowlist: settings.ipAllowlist.default([]),
    /** Omitted: the preset for the scheme's provider (lib/summaries/presets.ts). */
    summaryTemplate: settings.summaryTemplate.optional(),
  })
  .strict()
  .superRefine(checkSettings);
export type SourceCreateInput = z.input<typeof SourceCreateInput>;

export const SourceUpdateInput = z
  .object({
    name: name.optional(),
    enabled: settings.enabled.optional(),
    scheme: settings.scheme.optional(),
    schemeOptions: settings.schemeOptions.optional(),
    toleranceSeconds: settings.toleranceSeconds.optional(),
    dedupeStrategy: settings.dedupeStrategy.optional(),
    dedupeField: settings.dedupeField.optional(),
    bodyLimitBytes: settings.bodyLimitBytes.optional(),
    ipAllowlist: settings.ipAllowlist.optional(),
    summaryTemplate: settings.summaryTemplate.optional(),
  })
  .strict()
  .superRefine(checkSettings);
export type SourceUpdateInput = z.input<typeof SourceUpdateInput>;

export const RotateSecretInput = z.object({
  /** The new secret; omitted, one is generated. */
  secret: z.string().trim().min(1).max(1000).optional(),
  /** How long the current secrets keep verifying. 0 retires them at once. */
  overlapHours: z.number().min(0).max(MAX_ROTATION_OVERLAP_HOURS, "At most 30 days").default(24),
});
export type RotateSecretInput = z.input<typeof RotateSecretInput>;

/** The shape of a source in the API and the UI. Secrets appear only masked. */
export const SourceView = z.object({
  id: z.uuid(),
  name: z.string(),
  key: z.string(),
  ingestUrl: z.string(),
  enabled: z.boolean(),
  scheme: z.enum(SCHEME_IDS),
  schemeOptions: z.record(z.string(), z.unknown()),
  toleranceSeconds: z.number().int(),
  dedupeStrategy: z.enum(DEDUPE_STRATEGIES),
  dedupeField: z.string().nullable(),
  bodyLimitBytes: z.number().int(),
  ipAllowlist: z.array(z.string()),
  summaryTemplate: z.string().describe("How its events are named in lists (see SourceCreateInput); empty when they are not named."),
  secrets: z.array(
    z.object({ id: z.uuid(), hint: z.string(), createdAt: z.iso.datetime(), expiresAt: z.iso.datetime().nullable(), active: z.boolean() }),
  ),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type SourceView = z.infer<typeof SourceView>;
