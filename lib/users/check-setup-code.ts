// Whether a typed set-up code is the one issued (issue-setup-code.ts); false when none is issued or
// it no longer decrypts. Cheap (one row, AES-GCM): the set-up runs it before any password hashing.
import { decryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { setupCodeMatches } from "@/lib/users/setup-code";

export async function checkSetupCode({ typed }: { typed: string }): Promise<boolean> {
  const row = await db().setupCode.findUnique({ where: { id: 1 }, select: { encrypted: true } });
  if (!row) return false;
  let issued: string;
  try {
    issued = decryptSecret(row.encrypted);
  } catch {
    return false;
  }
  return setupCodeMatches(typed, issued);
}
