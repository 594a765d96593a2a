// Field references used by conditions and templates, and their (precompiled) resolution.
//
// Syntax:
//   body                       the whole parsed JSON body
//   body.a.b                   object keys
//   body.items[0].sku          array index in brackets ...
//   body.items.0.sku           ... or as a dot segment (index on arrays, key "0" on objects)
//   body.custom_fields[id=360001].value   the first element whose id equals 360001
//   body["odd.key"]["x y"]     any key, as a JSON string in brackets
//   headers.<name>             a request header (name matched in lower case); `headers` = all
//   event.type | event.method | event.id
//   source.name | source.id
//   routing.<key>              a routing field set by an earlier rule in the same run; `routing` = all
//   tags                       the tag list accumulated so far
//
// Body paths are lib/json-path's (shared with summary templates and the backtest). Resolution never
// throws: anything that is not there resolves to `undefined` ("missing"). Only own properties are
// followed, so `body.constructor` or `body.__proto__` are missing.

import { formatPath, parseBodyPath, walkPath, type FormatSegment, type PathSegment } from "@/lib/json-path/body-path";
import type { EvaluationContext } from "./types";
import { RULE_LIMITS } from "./limits";

export type ParsedField =
  | { kind: "body"; path: PathSegment[] }
  | { kind: "headers" }
  | { kind: "header"; name: string }
  | { kind: "event"; prop: "type" | "method" | "id" }
  | { kind: "source"; prop: "id" | "name" }
  | { kind: "routingAll" }
  | { kind: "routing"; key: string }
  | { kind: "tags" };

export type ParseFieldResult = { ok: true; field: ParsedField } | { ok: false; error: string };

/** Fields that exist for every event, for the builder's field picker. */
export const BUILTIN_FIELDS: ReadonlyArray<{ field: string; label: string }> = [
  { field: "event.type", label: "Event type" },
  { field: "event.method", label: "HTTP method" },
  { field: "source.name", label: "Source name" },
  { field: "source.id", label: "Source ID" },
  { field: "tags", label: "Tags (so far)" },
  { field: "body", label: "Body (whole)" },
];

const FIELD_ROOTS_HELP = "Fields start with body, headers., event., source., routing. or tags";

/** Parses a field reference. Never throws. */
export function parseField(field: string): ParseFieldResult {
  if (typeof field !== "string" || field.length === 0) return { ok: false, error: "Field is required" };
  if (field.length > RULE_LIMITS.maxFieldLength) {
    return { ok: false, error: `Field is too long (maximum ${RULE_LIMITS.maxFieldLength} characters)` };
  }
  if (field === "tags") return { ok: true, field: { kind: "tags" } };
  if (field === "headers") return { ok: true, field: { kind: "headers" } };
  if (field === "routing") return { ok: true, field: { kind: "routingAll" } };
  if (field === "body" || field.startsWith("body.") || field.startsWith("body[")) {
    const parsed = parseBodyPath(field.slice(4));
    return parsed.ok
      ? { ok: true, field: { kind: "body", path: parsed.path } }
      : { ok: false, error: `Invalid body path: ${parsed.error}` };
  }
  if (field.startsWith("headers.")) {
    const name = field.slice("headers.".length);
    if (name === "" || /\s/.test(name))
      return { ok: false, error: "Header name must be non-empty and contain no spaces" };
    return { ok: true, field: { kind: "header", name: name.toLowerCase() } };
  }
  if (field.startsWith("routing.")) {
    const key = field.slice("routing.".length);
    if (key === "") return { ok: false, error: "Routing key is required after routing." };
    return { ok: true, field: { kind: "routing", key } };
  }
  if (field === "event.type" || field === "event.method" || field === "event.id") {
    return { ok: true, field: { kind: "event", prop: field.slice(6) as "type" | "method" | "id" } };
  }
  if (field === "source.id" || field === "source.name") {
    return { ok: true, field: { kind: "source", prop: field.slice(7) as "id" | "name" } };
  }
  if (field.startsWith("event."))
    return { ok: false, error: `Unknown event field "${field}"; use event.type, event.method or event.id` };
  if (field.startsWith("source."))
    return { ok: false, error: `Unknown source field "${field}"; use source.name or source.id` };
  return { ok: false, error: `Unknown field "${field}". ${FIELD_ROOTS_HELP}` };
}

function isObjectLike(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

function ownProp(obj: unknown, key: string): unknown {
  return isObjectLike(obj) && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

export type FieldResolver = (ctx: EvaluationContext) => unknown;

const missing: FieldResolver = () => undefined;

/** Builds a resolver for a parsed field. */
export function resolverFor(field: ParsedField): FieldResolver {
  switch (field.kind) {
    case "body": {
      const path = field.path;
      if (path.length === 0) return (ctx) => ctx.event?.body;
      if (path.length === 1) {
        const seg = path[0]!;
        return (ctx) => walkPath(ctx.event?.body, [seg]);
      }
      return (ctx) => walkPath(ctx.event?.body, path);
    }
    case "headers":
      return (ctx) => ctx.event?.headers;
    case "header": {
      const name = field.name;
      return (ctx) => ownProp(ctx.event?.headers, name);
    }
    case "event": {
      const prop = field.prop;
      return (ctx) => ownProp(ctx.event, prop);
    }
    case "source": {
      const prop = field.prop;
      return (ctx) => ownProp(ctx.source, prop);
    }
    case "routingAll":
      return (ctx) => ctx.routing ?? {};
    case "routing": {
      const key = field.key;
      return (ctx) => ownProp(ctx.routing, key);
    }
    case "tags":
      return (ctx) => ctx.tags ?? [];
  }
}

/** Compiles a field reference once; an invalid field resolves to missing and reports `error`. */
export function compileField(field: string): { resolve: FieldResolver; error?: string } {
  const parsed = parseField(field);
  if (!parsed.ok) return { resolve: missing, error: parsed.error };
  return { resolve: resolverFor(parsed.field) };
}

/** Formats a body path (keys, array indexes, `[key=value]` matches) as a field reference, e.g. `body.a[0]["x.y"]`. */
export function formatBodyPath(segments: readonly FormatSegment[]): string {
  return formatPath("body", segments);
}
