// The scheme registry. Two views:
//  - `schemes` / `getScheme(id)`: each scheme with its precise options type, for code that knows the id.
//  - `findScheme(string)` / `schemeList`: schemes erased to SignatureScheme<unknown>, whose verify()
//    and sign() first parse the options through the scheme's optionsSchema. Use these with config
//    read from the database or a request, where the options are only `unknown`.
import { z } from "zod";
import { apiKey, type ApiKeyOptions } from "./api-key";
import { basicAuth, type BasicAuthOptions } from "./basic-auth";
import { genericHmac, type HmacOptions } from "./generic-hmac";
import { github, type GithubOptions } from "./github";
import { none, type NoneOptions } from "./none";
import { shopify, type ShopifyOptions } from "./shopify";
import { slack, type SlackOptions } from "./slack";
import { standardWebhooks, type StandardWebhooksOptions } from "./standard-webhooks";
import { stripe, type StripeOptions } from "./stripe";
import { svix, type SvixOptions } from "./svix";
import { twilio, type TwilioOptions } from "./twilio";
import { zendesk, type ZendeskOptions } from "./zendesk";
import { isSchemeId, SCHEME_IDS, type SchemeId, type SignatureScheme } from "./types";

export interface SchemeOptionsMap {
  stripe: StripeOptions;
  github: GithubOptions;
  shopify: ShopifyOptions;
  slack: SlackOptions;
  "standard-webhooks": StandardWebhooksOptions;
  svix: SvixOptions;
  zendesk: ZendeskOptions;
  twilio: TwilioOptions;
  hmac: HmacOptions;
  "basic-auth": BasicAuthOptions;
  "api-key": ApiKeyOptions;
  none: NoneOptions;
}

export type SchemeFor<K extends SchemeId> = SignatureScheme<SchemeOptionsMap[K]>;

/** Every scheme, keyed by id, with its own options type. */
export const schemes: { readonly [K in SchemeId]: SchemeFor<K> } = {
  stripe,
  github,
  shopify,
  slack,
  "standard-webhooks": standardWebhooks,
  svix,
  zendesk,
  twilio,
  hmac: genericHmac,
  "basic-auth": basicAuth,
  "api-key": apiKey,
  none,
};

export function getScheme<K extends SchemeId>(id: K): SchemeFor<K> {
  return schemes[id];
}

/** A scheme whose options type is not known statically; verify()/sign() validate options first. */
export type AnyScheme = SignatureScheme<unknown>;

export type ParsedOptions = { ok: true; options: unknown } | { ok: false; message: string };

function parseOptions<O>(
  scheme: SignatureScheme<O>,
  raw: unknown,
): { ok: true; options: O } | { ok: false; message: string } {
  const parsed = scheme.optionsSchema.safeParse(raw);
  if (parsed.success) return { ok: true, options: parsed.data };
  return { ok: false, message: `Invalid ${scheme.label} settings: ${z.prettifyError(parsed.error)}` };
}

/** Wrap a typed scheme so it accepts `unknown` options, parsing them before use. */
function erase<O>(scheme: SignatureScheme<O>): AnyScheme {
  return {
    ...scheme,
    optionsSchema: scheme.optionsSchema,
    verify: (input) => {
      const parsed = parseOptions(scheme, input.options);
      if (!parsed.ok) return { ok: false, code: "invalid_options", message: parsed.message };
      return scheme.verify({ ...input, options: parsed.options });
    },
    sign: (input) => {
      const parsed = parseOptions(scheme, input.options);
      if (!parsed.ok) throw new Error(parsed.message);
      return scheme.sign({ ...input, options: parsed.options });
    },
  };
}

const erased: { readonly [K in SchemeId]: AnyScheme } = {
  stripe: erase(schemes.stripe),
  github: erase(schemes.github),
  shopify: erase(schemes.shopify),
  slack: erase(schemes.slack),
  "standard-webhooks": erase(schemes["standard-webhooks"]),
  svix: erase(schemes.svix),
  zendesk: erase(schemes.zendesk),
  twilio: erase(schemes.twilio),
  hmac: erase(schemes.hmac),
  "basic-auth": erase(schemes["basic-auth"]),
  "api-key": erase(schemes["api-key"]),
  none: erase(schemes.none),
};

/** Look a scheme up by an id from config or a request; null when there is no such scheme. */
export function findScheme(id: string): AnyScheme | null {
  return isSchemeId(id) ? erased[id] : null;
}

/** All schemes in display order (provider schemes first, `none` last), for pickers. */
export const schemeList: readonly AnyScheme[] = SCHEME_IDS.map((id) => erased[id]);

/** The option names a scheme takes (its optionsSchema's keys). */
export function schemeOptionKeys(id: SchemeId): string[] {
  const json = z.toJSONSchema(erased[id].optionsSchema, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, unknown> };
  return Object.keys(json.properties ?? {});
}

/** Each scheme's options as JSON Schema (what a client sends), for the API's document. */
export function schemeOptionsJsonSchemas(): Array<{ id: SchemeId; schema: Record<string, unknown> }> {
  return SCHEME_IDS.map((id) => {
    const { $schema: _dialect, default: _default, ...schema } = z.toJSONSchema(erased[id].optionsSchema, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;
    return { id, schema: { ...schema, title: `${erased[id].label} (scheme: ${id})`, additionalProperties: false } };
  });
}

/** Validate (and fill in defaults for) a source's stored options for a scheme. */
export function parseSchemeOptions(id: SchemeId, raw: unknown): ParsedOptions {
  return parseOptions(erased[id], raw);
}
