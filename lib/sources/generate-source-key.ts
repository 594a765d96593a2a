// A source's ingest key, the secret part of its URL (/in/<key>), and the shape every key has, so the
// receiver can refuse a path that cannot be a key without asking the database.
import { randomBytes } from "node:crypto";

const KEY_BYTES = 24;
// 24 bytes in base64url, unpadded: 32 characters of A-Z a-z 0-9 - _.
const SOURCE_KEY = /^[A-Za-z0-9_-]{32}$/;

/** 24 random bytes: 192 bits, URL-safe, 32 characters. */
export function generateSourceKey(): string {
  return randomBytes(KEY_BYTES).toString("base64url");
}

export function isSourceKey(value: string): boolean {
  return SOURCE_KEY.test(value);
}
