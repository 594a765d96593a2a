// Creates the first administrator, once. Serialised with an advisory lock so two concurrent set-up
// submissions cannot both create an admin.
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { SetupInput } from "@/lib/auth/schema";
import { registerBootstrapToken } from "@/lib/api-tokens/register-bootstrap-token";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";

const SETUP_LOCK = 0x5377_0001; // "Sw" + 1: any constant unique to this purpose

export class SetupAlreadyDoneError extends Error {
  constructor() {
    super("Switchyard already has an administrator; sign in instead.");
    this.name = "SetupAlreadyDoneError";
  }
}

export async function createFirstAdmin(input: SetupInput): Promise<{ id: string; email: string }> {
  const { name, email, password } = SetupInput.parse(input);
  const passwordHash = await hashPassword(password);
  const admin = await db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`;
    if ((await tx.user.count()) > 0) throw new SetupAlreadyDoneError();
    const user = await tx.user.create({ data: { name: name || null, email, passwordHash, role: "admin" } });
    return { id: user.id, email: user.email };
  });
  // After the commit, so the token's row can point at the admin. A failure must not fail the set-up
  // (the admin exists now); the next start registers the token.
  await registerBootstrapToken({ token: env().BOOTSTRAP_API_TOKEN }).catch((error: unknown) =>
    logger("users").error("could not register BOOTSTRAP_API_TOKEN; it will be registered at the next start", { error }),
  );
  return admin;
}
