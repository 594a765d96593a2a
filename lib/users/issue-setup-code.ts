// Issues the first-run set-up code while no user exists, and returns it for the start log (null once
// a user exists). The code is kept encrypted (ENCRYPTION_KEY) in one row, so every start and every
// web process prints the same code until the first admin is created; two processes starting at
// once agree on it (the row's insert is first-wins). A code that no longer decrypts (ENCRYPTION_KEY
// changed) is replaced.
import { decryptSecret, encryptSecret, SecretDecryptionError } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { generateSetupCode } from "@/lib/users/setup-code";
import { needsSetup } from "@/lib/users/needs-setup";

export async function issueSetupCode(): Promise<string | null> {
  if (!(await needsSetup())) return null;
  const fresh = generateSetupCode();
  await db().setupCode.createMany({ data: [{ id: 1, encrypted: encryptSecret(fresh) }], skipDuplicates: true });
  const row = await db().setupCode.findUnique({ where: { id: 1 }, select: { encrypted: true } });
  // Gone already: the first admin was created meanwhile.
  if (!row) return null;
  try {
    return decryptSecret(row.encrypted);
  } catch (error) {
    if (!(error instanceof SecretDecryptionError)) throw error;
    await db().setupCode.update({ where: { id: 1 }, data: { encrypted: encryptSecret(fresh), createdAt: new Date() } });
    return fresh;
  }
}
