// Field discovery for the rule builder's field picker: given recent events, list the fields
// seen (`body.a.b`, `headers.x`, `event.type`, ...), their JSON types and a few sample values,
// most frequent first.
//
// Each sample is an event-like object `{ body?, headers?, type?, method? }` (e.g. a stored
// event row); anything else is skipped. Arrays are listed as a field themselves and descended
// through their first element only (`body.items[0].sku`), so a long array does not flood the
// picker. Keys that cannot be written with dots come out as `body["odd.key"]`.

import { z } from "zod";
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

  const walk = (value: unknown, path: Array<string | number>, depth: number, sampleIndex: number) => {
    if (depth > maxDepth) return;
    if (Array.isArray(value)) {
      if (value.length > 0) {
        path.push(0);
        record(formatBodyPath(path), value[0], sampleIndex);
        walk(value[0], path, depth + 1, sampleIndex);
        path.pop();
      }
      return;
    }
    if (!isRecord(value)) return;
    let n = 0;
    for (const key of Object.keys(value)) {
      if (n++ >= MAX_KEYS_PER_OBJECT) break;
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
  result.sort((a, b) => b.count - a.count || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
  return result.slice(0, limit);
}
