// Inbox tokens: "swyi_" + 32 random bytes, stored as their SHA-256 like API tokens (lib/api-tokens).
// The prefix tells the two apart at a glance and lets a request's token be routed to its check.
import { randomBytes } from "node:crypto";

export const INBOX_TOKEN_PREFIX = "swyi_";

export function generateInboxToken(): string {
  return INBOX_TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export function isInboxToken(token: string): boolean {
  return token.startsWith(INBOX_TOKEN_PREFIX);
}
