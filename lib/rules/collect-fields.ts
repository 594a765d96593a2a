// Field discovery for the rule builder's field picker: given recent events, list the fields
// seen (`body.a.b`, `headers.x`, `event.type`, ...), their JSON types and a few sample values,
// most frequent first.
//
// Each sample is an event-like object `{ body?, headers?, type?, method? }` (e.g. a stored
// event row); anything else is skipped. Arrays are listed as a field themselves and descended
// through their first element only (`body.items[0].sku`), so a long array does not flood the
// picker. An array of objects that each carry a distinct id (`id`, `key`, `name`…) is also listed
// by that id, `body.custom_fields[id=360001].value`, for its first elements: a position changes
// from one event to the next, an id does not. Keys that cannot be written with dots come out as
// `body["odd.key"]`.

import { z } from "zod";
import type { FormatSegment } from "@/lib/json-path/body-path";
import { formatBodyPath } from "./fields";
import type { ValueType } from "./types";
import { valueTypeOf } from "./types";

export type JsonType = Exclude<ValueType, "missing">;

export const CollectedField = z
  .object({
    field: z.string(),
    types: z.array(z.enum(["string", "number", "boolean", "null", "array", "object"])).describe("JSON types seen, most frequent first."),
    count: z.number().int().describe("Recent events in which the field appears."),
    // Strings are cut to 100 characters.
    samples: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])).describe("Up to 3 distinct values."),
  })
  .describe("A field seen in the source's recent events (up to 200), for writing conditions.");
export type CollectedField = z.infer<typeof CollectedField>;

export interface CollectFieldsOptions {
  /** Maximum fields returned (default 200). */
  limit?: number;
  /** Maximum body nesting followed (default 10). */
  maxDepth?: number;
}

/** Upper bounds that keep the scan cheap on adversarial payloads. */
const MAX_TRACKED_FIELDS = 5_000;
const MAX_KEYS_PER_OBJECT = 200;
const MAX_SAMPLES = 3;
const MAX_SAMPLE_LENGTH = 100;
/** Keys that identify an array's elements, in order of preference. */
const ID_KEYS = ["id", "key", "name", "field_id", "code", "type"];
/** Elements of an array listed by id (the rest stay reachable by typing their id). */
const MAX_KEYED_ELEMENTS = 20;
const MAX_ID_LENGTH = 100;

interface Stats {
  count: number;
  types: Map<JsonType, number>;
  samples: Array<string | number | boolean | null>;
  sampleKeys: Set<string>;
  lastSample: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The key whose value tells an array's (first) elements apart, if every one has a distinct short one. */
export function identifyingKey(array: readonly unknown[]): string | null {
  const elements = array.slice(0, MAX_KEYED_ELEMENTS);
  if (elements.length === 0 || !elements.every(isRecord)) return null;
  for (const key of ID_KEYS) {
    const values = elements.map((element) => (Object.hasOwn(element, key) ? element[key] : undefined));
    const usable = values.every((value) => typeof value === "number" || (typeof value === "string" && value !== "" && value.length <= MAX_ID_LENGTH));
    if (usable && new Set(values).size === values.length) return key;
  }
  return null;
}

function groupRank(field: string): number {
  if (field === "body" || field.startsWith("body.") || field.startsWith("body[")) return 0;
  return field.startsWith("headers.") ? 2 : 1;
}

export function collectFields(samples: readonly unknown[], options: CollectFieldsOptions = {}): CollectedField[] {
  const limit = Math.max(0, options.limit ?? 200);
  const maxDepth = Math.max(1, options.maxDepth ?? 10);
  const stats = new Map<string, Stats>();

  const record = (field: string, value: unknown, sampleIndex: number) => {
    let s = stats.get(field);
    if (!s) {
      if (stats.size >= MAX_TRACKED_FIELDS) return;
      s = { count: 0, types: new Map(), samples: [], sampleKeys: new Set(), lastSample: -1 };
      stats.set(field, s);
    }
    // Count each field once per sample (the same path can be reached once only anyway,
    // except for headers given twice in different case).
    if (s.lastSample === sampleIndex) return;
    s.lastSample = sampleIndex;
    s.count++;
    const type = valueTypeOf(value) as JsonType;
    s.types.set(type, (s.types.get(type) ?? 0) + 1);
    if (s.samples.length < MAX_SAMPLES && (value === null || typeof value !== "object")) {
      const v =
        typeof value === "string" && value.length > MAX_SAMPLE_LENGTH
          ? `${value.slice(0, MAX_SAMPLE_LENGTH)}…`
          : (value as string | number | boolean | null);
      const key = `${typeof v}:${String(v)}`;
      if (!s.sampleKeys.has(key)) {
        s.sampleKeys.add(key);
        s.samples.push(v);
      }
    }
  };

  const walk = (value: unknown, path: FormatSegment[], depth: number, sampleIndex: number) => {
    if (depth > maxDepth) return;
    if (Array.isArray(value)) {
      if (value.length > 0) {
        path.push(0);
        record(formatBodyPath(path), value[0], sampleIndex);
        walk(value[0], path, depth + 1, sampleIndex);
        path.pop();
      }
      const idKey = identifyingKey(value);
      if (idKey) {
        for (const element of value.slice(0, MAX_KEYED_ELEMENTS) as Array<Record<string, string | number>>) {
          path.push({ selector: { key: idKey, value: element[idKey]! } });
          walkObject(element, path, depth + 1, sampleIndex, idKey);
          path.pop();
        }
      }
      return;
    }
    if (isRecord(value)) walkObject(value, path, depth, sampleIndex);
  };
  const walkObject = (value: Record<string, unknown>, path: FormatSegment[], depth: number, sampleIndex: number, skipKey?: string) => {
    let n = 0;
    for (const key of Object.keys(value)) {
      if (n++ >= MAX_KEYS_PER_OBJECT) break;
      if (key === skipKey) continue;
      const child = value[key];
      path.push(key);
      record(formatBodyPath(path), child, sampleIndex);
      walk(child, path, depth + 1, sampleIndex);
      path.pop();
    }
  };

  samples.forEach((sample, index) => {
    if (!isRecord(sample)) return;
    if (typeof sample.type === "string") record("event.type", sample.type, index);
    if (typeof sample.method === "string") record("event.method", sample.method, index);
    if (isRecord(sample.headers)) {
      let n = 0;
      for (const [name, value] of Object.entries(sample.headers)) {
        if (n++ >= MAX_KEYS_PER_OBJECT) break;
        if (name === "" || /\s/.test(name)) continue;
        record(`headers.${name.toLowerCase()}`, Array.isArray(value) ? value.join(", ") : value, index);
      }
    }
    if ("body" in sample && sample.body !== undefined) walk(sample.body, [], 1, index);
  });

  const result: CollectedField[] = [];
  for (const [field, s] of stats) {
    const types = [...s.types.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t);
    result.push({ field, types, count: s.count, samples: s.samples });
  }
  // The body first (what rules are mostly about), then event.*, then the request's headers; within
  // each, the fields most events have first.
  result.sort((a, b) => groupRank(a.field) - groupRank(b.field) || b.count - a.count || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
  return result.slice(0, limit);
}
