// A destination's custom headers often carry credentials (Authorization, API keys), so their values
// are encrypted at rest like every other secret (lib/crypto/secret-box.ts); names stay readable.
// A stored value is "sealed:<box>"; a value without the prefix (written before values were sealed)
// is read as it is and sealed on the destination's next save.
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { HIDDEN_HEADER_VALUE } from "@/lib/destinations/hidden-header-value";

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

/** The stored headers as shown: names readable, every value hidden. */
export function maskHeaders(stored: unknown): Record<string, string> {
  if (typeof stored !== "object" || stored === null || Array.isArray(stored)) return {};
  return Object.fromEntries(Object.entries(stored).filter((entry) => typeof entry[1] === "string").map(([name]) => [name, HIDDEN_HEADER_VALUE]));
}

export class HiddenHeaderError extends Error {
  override readonly name = "HiddenHeaderError";
  constructor(readonly header: string) {
    super(`${header} has no stored value to keep: enter its value`);
  }
}

/**
 * Headers as sent in an update, with each hidden value (HIDDEN_HEADER_VALUE, as views show it)
 * replaced by the stored value of the header of the same name; throws HiddenHeaderError when there is none.
 */
export function keepHiddenValues(sent: Record<string, string>, stored: Record<string, string>): Record<string, string> {
  const storedByName = new Map(Object.entries(stored).map(([name, value]) => [name.toLowerCase(), value]));
  return Object.fromEntries(
    Object.entries(sent).map(([name, value]) => {
      if (value !== HIDDEN_HEADER_VALUE) return [name, value];
      const kept = storedByName.get(name.toLowerCase());
      if (kept === undefined) throw new HiddenHeaderError(name);
      return [name, kept];
    }),
  );
}
