// Crypto helpers shared by every scheme: HMAC, constant-time comparison, signature decoding,
// trying each active secret in turn, and random secrets. Nothing here reads the clock or does I/O.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const HMAC_ALGORITHMS = ["sha1", "sha256", "sha512"] as const;
export type HmacAlgorithm = (typeof HMAC_ALGORITHMS)[number];

export const SIGNATURE_ENCODINGS = ["hex", "base64"] as const;
export type SignatureEncoding = (typeof SIGNATURE_ENCODINGS)[number];

const DIGEST_BYTES: Record<HmacAlgorithm, number> = { sha1: 20, sha256: 32, sha512: 64 };
const ALGORITHM_LABEL: Record<HmacAlgorithm, string> = {
  sha1: "HMAC-SHA1",
  sha256: "HMAC-SHA256",
  sha512: "HMAC-SHA512",
};

/** HMAC over the concatenation of `parts`; strings are taken as UTF-8, Buffers as they are (the raw body). */
export function computeHmac(
  algorithm: HmacAlgorithm,
  key: string | Buffer,
  parts: readonly (string | Buffer)[],
): Buffer {
  const mac = createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

function toBytes(value: string | Buffer): Buffer {
  return typeof value === "string" ? Buffer.from(value, "utf8") : value;
}

/**
 * Constant-time equality for signatures. timingSafeEqual throws on a length mismatch, so lengths are
 * checked first; a signature's length is public (it is fixed by the algorithm), so that leaks nothing.
 */
export function constantTimeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const x = toBytes(a);
  const y = toBytes(b);
  if (x.length !== y.length) return false;
  return timingSafeEqual(x, y);
}

/**
 * Constant-time equality for credentials (API keys, basic-auth passwords), whose length is itself
 * secret: both sides are hashed first so the comparison always runs over 32 bytes.
 */
export function credentialEquals(received: string | Buffer, secret: string | Buffer): boolean {
  const x = createHash("sha256").update(toBytes(received)).digest();
  const y = createHash("sha256").update(toBytes(secret)).digest();
  return timingSafeEqual(x, y);
}

/** Index of the first secret equal to a received credential (API key, user:password), or null. */
export function findMatchingCredential(keys: readonly SecretKey[], received: string): number | null {
  let found: number | null = null;
  // Compare against every secret so the time taken does not depend on which one matched.
  for (const { index, key } of keys) {
    if (credentialEquals(received, key) && found === null) found = index;
  }
  return found;
}

export type DecodedSignature = { ok: true; bytes: Buffer } | { ok: false; problem: string };

const HEX = /^[0-9a-fA-F]+$/;
// Standard alphabet, padding optional: some senders strip it.
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Decode a received signature and check it has the digest's length. Buffer.from silently skips bad
 * characters, so the alphabet is checked first. `problem` describes the received value only.
 */
export function decodeSignature(
  value: string,
  encoding: SignatureEncoding,
  algorithm: HmacAlgorithm,
): DecodedSignature {
  const expectedBytes = DIGEST_BYTES[algorithm];
  if (encoding === "hex" && !HEX.test(value)) return { ok: false, problem: "is not hexadecimal" };
  if (encoding === "base64" && !BASE64.test(value)) return { ok: false, problem: "is not base64" };
  if (encoding === "hex" && value.length % 2 !== 0) {
    return { ok: false, problem: `has an odd number of hex digits (${value.length})` };
  }
  const bytes = Buffer.from(value, encoding);
  if (bytes.length !== expectedBytes) {
    return {
      ok: false,
      problem: `is ${bytes.length} bytes long, but an ${ALGORITHM_LABEL[algorithm]} is ${expectedBytes} (truncated or wrong algorithm?)`,
    };
  }
  return { ok: true, bytes };
}

/**
 * Decode several received signatures (Stripe's v1 list, Standard Webhooks' v1 list), keeping the
 * well-formed ones; fails with the first problem only when none is usable.
 */
export function decodeSignatures(
  values: readonly string[],
  encoding: SignatureEncoding,
  algorithm: HmacAlgorithm,
): { ok: true; candidates: Buffer[] } | { ok: false; problem: string } {
  const candidates: Buffer[] = [];
  let firstProblem: string | null = null;
  for (const value of values) {
    const decoded = decodeSignature(value, encoding, algorithm);
    if (decoded.ok) candidates.push(decoded.bytes);
    else firstProblem ??= decoded.problem;
  }
  return candidates.length > 0 ? { ok: true, candidates } : { ok: false, problem: firstProblem ?? "is missing" };
}

/** A secret ready to key an HMAC, remembering its position in the caller's list. */
export interface SecretKey {
  index: number;
  key: Buffer;
}

const utf8Key = (secret: string): Buffer | null => Buffer.from(secret, "utf8");

/**
 * Turn the caller's secrets into HMAC keys. Empty secrets are skipped: an empty HMAC key is public
 * knowledge, so it must never make a request count as verified. `decode` returns null for a secret
 * that is not in the scheme's format (e.g. not base64 for Standard Webhooks).
 */
export function secretKeys(
  secrets: readonly string[],
  decode: (secret: string) => Buffer | null = utf8Key,
): { ok: true; keys: SecretKey[] } | { ok: false; code: "no_secret" | "invalid_secret"; message: string } {
  const present = secrets.map((secret, index) => ({ secret, index })).filter((s) => s.secret !== "");
  if (present.length === 0) {
    return { ok: false, code: "no_secret", message: "This source has no active signing secret configured." };
  }
  const keys: SecretKey[] = [];
  for (const { secret, index } of present) {
    const key = decode(secret);
    if (key !== null && key.length > 0) keys.push({ index, key });
  }
  if (keys.length === 0) {
    return {
      ok: false,
      code: "invalid_secret",
      message: `None of the ${present.length} active secret${present.length === 1 ? "" : "s"} is in the format this scheme needs.`,
    };
  }
  return { ok: true, keys };
}

/**
 * Index (in the caller's list) of the first secret whose HMAC over `parts` equals one of the received
 * signatures, or null. Every received signature is compared in constant time.
 */
export function findMatchingSecret(
  keys: readonly SecretKey[],
  algorithm: HmacAlgorithm,
  parts: readonly (string | Buffer)[],
  received: readonly Buffer[],
): number | null {
  for (const { index, key } of keys) {
    const expected = computeHmac(algorithm, key, parts);
    // No early exit inside one secret: which received signature matched is nobody's business.
    let matched = false;
    for (const signature of received) {
      if (constantTimeEqual(signature, expected)) matched = true;
    }
    if (matched) return index;
  }
  return null;
}

export function mismatchMessage(what: string, keyCount: number): string {
  return keyCount === 1
    ? `The ${what} did not match the active secret. Check the secret and that the body reached Switchyard unchanged.`
    : `The ${what} did not match any of the ${keyCount} active secrets. Check the secrets and that the body reached Switchyard unchanged.`;
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

export function randomBase64(bytes: number): string {
  return randomBytes(bytes).toString("base64");
}

export function randomBase64Url(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}

/** A random id made of letters and digits, for sample event ids and message ids. */
export function randomId(length: number): string {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const bytes = randomBytes(length);
  let out = "";
  // 256 % 62 != 0, so this is very slightly biased; fine for ids, never used for secrets.
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}
