// Encryption of secrets at rest: AES-256-GCM with a fresh 96-bit IV per value and the key from
// ENCRYPTION_KEY. Format: "v1.<iv>.<tag>.<ciphertext>" (base64url), so the scheme can evolve.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

const VERSION = "v1";

function key(override?: Buffer): Buffer {
  return override ?? Buffer.from(env().ENCRYPTION_KEY, "base64");
}

export function encryptSecret(plaintext: string, keyOverride?: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(keyOverride), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

export class SecretDecryptionError extends Error {
  constructor() {
    super("A stored secret could not be decrypted: ENCRYPTION_KEY differs from the key it was encrypted with.");
    this.name = "SecretDecryptionError";
  }
}

export function decryptSecret(box: string, keyOverride?: Buffer): string {
  const [version, iv, tag, ciphertext] = box.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new SecretDecryptionError();
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(keyOverride), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptionError();
  }
}

/** A masked form safe to show anywhere: the provider prefix (if any) and the last 4 characters. */
export function maskSecret(secret: string): string {
  const prefix = /^(whsec_|sk_|user:)?/.exec(secret)?.[0] ?? "";
  if (secret.length <= prefix.length + 8) return `${prefix}••••`;
  return `${prefix}…${secret.slice(-4)}`;
}
