// Creates a source with a fresh, unguessable ingest key.
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { SourceInput } from "@/lib/sources/schema";

/** 24 random bytes: 192 bits, URL-safe, 32 characters. */
export function generateSourceKey(): string {
  return randomBytes(24).toString("base64url");
}

export async function createSource(input: SourceInput) {
  const { name } = SourceInput.parse(input);
  return db().source.create({ data: { name, key: generateSourceKey() } });
}
