// The API token format. New tokens are "swy_" + 32 random bytes (base64url); a token set by an
// operator (BOOTSTRAP_API_TOKEN) only has to be long enough and sendable as a Bearer token. Only the
// SHA-256 of a token is stored: with 256 bits of entropy a fast unsalted hash cannot be brute-forced,
// and it lets a request's token be found by index.
import { createHash, randomBytes } from "node:crypto";

export const API_TOKEN_PREFIX = "swy_";
export const MIN_API_TOKEN_LENGTH = 32;
export const MAX_API_TOKEN_LENGTH = 512;
/** Characters of a token kept in clear to recognise it in the list. */
export const DISPLAY_PREFIX_LENGTH = 12;

/** RFC 6750's b64token: what may follow "Bearer ". */
const BEARER_TOKEN_PATTERN = /^[A-Za-z0-9\-._~+/]+=*$/;

export function generateApiToken(): string {
  return API_TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function displayPrefix(token: string): string {
  return token.slice(0, DISPLAY_PREFIX_LENGTH);
}

/** Why a token cannot be used, or null when it can. */
export function apiTokenProblem(token: string): string | null {
  if (token.length < MIN_API_TOKEN_LENGTH) return `must be at least ${MIN_API_TOKEN_LENGTH} characters`;
  if (token.length > MAX_API_TOKEN_LENGTH) return `must be at most ${MAX_API_TOKEN_LENGTH} characters`;
  if (!BEARER_TOKEN_PATTERN.test(token)) return "may contain only letters, digits and - . _ ~ + / (with = only at the end)";
  return null;
}
