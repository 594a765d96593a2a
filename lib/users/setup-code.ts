// The first-run set-up code: 16 characters of Crockford's base32 (80 random bits) in four groups,
// "7K2M-QX9D-…". Whoever reaches /setup first must also have read the start log, so a server
// listening on 0.0.0.0 cannot be claimed by the first stranger to find it; guessing 80 bits online is
// out of reach without any rate limit. Pure functions: issue-setup-code.ts stores and checks it.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const LENGTH = 16;

export function generateSetupCode(random: (size: number) => Buffer = randomBytes): string {
  const bytes = random(LENGTH);
  const characters = [...bytes].map((byte) => ALPHABET[byte % 32]);
  return [0, 4, 8, 12].map((start) => characters.slice(start, start + 4).join("")).join("-");
}

/** As a person may type it: any case, with or without dashes and spaces; O, I and L read as 0, 1 and 1. */
export function normalizeSetupCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
}

/** Constant-time comparison of what was typed with the issued code (hashes first: lengths never leak). */
export function setupCodeMatches(typed: string, issued: string): boolean {
  const digest = (value: string) => createHash("sha256").update(normalizeSetupCode(value)).digest();
  return normalizeSetupCode(typed).length > 0 && timingSafeEqual(digest(typed), digest(issued));
}
