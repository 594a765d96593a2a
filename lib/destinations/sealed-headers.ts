// A destination's custom headers often carry credentials (Authorization, API keys), so their values
// are encrypted at rest like every other secret (lib/crypto/secret-box.ts); names stay readable.
// A stored value is "sealed:<box>"; a value without the prefix (written before values were sealed)
// is read as it is and sealed on the destination's next save.
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";

const SEALED = "sealed:";

export function sealHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, `${SEALED}${encryptSecret(value)}`]));
}

/** The stored headers in plaintext; throws SecretDecryptionError when ENCRYPTION_KEY changed. */
export function openHeaders(stored: unknown): Record<string, string> {
  if (typeof stored !== "object" || stored === null || Array.isArray(stored)) return {};
  return Object.fromEntries(
    Object.entries(stored)
      .filter((entry): entry is [string, string] => typeof entry[1] === "string")
      .map(([name, value]) => [name, value.startsWith(SEALED) ? decryptSecret(value.slice(SEALED.length)) : value]),
  );
}
