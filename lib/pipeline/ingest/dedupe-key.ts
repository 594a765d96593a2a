// The key that makes a delivery a duplicate of an earlier one, per the source's setting. Long keys
// are hashed so the unique index stays small, and so are keys a text column cannot hold as they are
// (a NUL, or a lone surrogate that would be stored as U+FFFD and collide with another).
import { createHash } from "node:crypto";
import type { DedupeStrategy } from "@/lib/generated/prisma/client";
import type { AnyScheme } from "@/lib/signatures/registry";

const MAX_KEY_LENGTH = 200;

/** Resolves "data.items[0].id" (or "data.items.0.id") in parsed JSON; undefined when absent. */
export function resolveJsonPath(json: unknown, path: string): unknown {
  let current: unknown = json;
  for (const part of path.replace(/\[(\d+)\]/g, ".$1").split(".").filter(Boolean)) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function normalise(value: unknown): string | null {
  if (typeof value !== "string" && typeof value !== "number") return null;
  const key = String(value).trim();
  if (key === "") return null;
  if (key.length <= MAX_KEY_LENGTH && !key.includes("\u0000") && key.isWellFormed()) return key;
  // JSON.stringify writes a lone surrogate as its escape, so distinct keys keep distinct hashes.
  return `sha256:${createHash("sha256").update(key.isWellFormed() ? key : JSON.stringify(key)).digest("hex")}`;
}

export function dedupeKey({
  strategy,
  field,
  scheme,
  headers,
  json,
}: {
  strategy: DedupeStrategy;
  field: string | null;
  scheme: AnyScheme;
  headers: Headers;
  json: unknown;
}): string | null {
  switch (strategy) {
    case "provider":
      return normalise(scheme.dedupeKey({ headers, json }));
    case "header":
      return field ? normalise(headers.get(field)) : null;
    case "json_path":
      return field ? normalise(resolveJsonPath(json, field)) : null;
    case "off":
      return null;
  }
}
