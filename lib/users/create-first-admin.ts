// Creates the first administrator, once: from the set-up page with the set-up code printed in the
// start log (createFirstAdmin), or at start from ADMIN_EMAIL/ADMIN_PASSWORD (createConfiguredAdmin).
// What can refuse a request is checked before the password is hashed: argon2id takes 19 MiB and
// tens of milliseconds of CPU, which an anonymous caller must not be able to spend at will.
// Serialised with an advisory lock so two concurrent set-ups cannot both create an admin; the set-up
// code is deleted in the same transaction.
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { AdminAccountInput, SetupInput } from "@/lib/auth/schema";
import { registerBootstrapToken } from "@/lib/api-tokens/register-bootstrap-token";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { checkSetupCode } from "@/lib/users/check-setup-code";
import { needsSetup } from "@/lib/users/needs-setup";

const SETUP_LOCK = 0x5377_0001; // "Sw" + 1: any constant unique to this purpose

export class SetupAlreadyDoneError extends Error {
  constructor() {
    super("Switchyard already has an administrator; sign in instead.");
    this.name = "SetupAlreadyDoneError";
  }
}

export class SetupCodeInvalidError extends Error {
  constructor() {
    super("This is not the set-up code printed in the start log.");
    this.name = "SetupCodeInvalidError";
  }
}

export interface FirstAdmin {
  id: string;
  email: string;
}

/** From the set-up page: the set-up code is the proof of being the operator. */
export async function createFirstAdmin(input: SetupInput): Promise<FirstAdmin> {
  const { setupCode, ...account } = SetupInput.parse(input);
  if (!(await needsSetup())) throw new SetupAlreadyDoneError();
  if (!(await checkSetupCode({ typed: setupCode }))) throw new SetupCodeInvalidError();
  return insertFirstAdmin(account);
}

/** At start, from ADMIN_EMAIL/ADMIN_PASSWORD: the configuration is the proof. */
export async function createConfiguredAdmin(input: AdminAccountInput): Promise<FirstAdmin> {
  const account = AdminAccountInput.parse(input);
  if (!(await needsSetup())) throw new SetupAlreadyDoneError();
  return insertFirstAdmin(account);
}

async function insertFirstAdmin({ name, email, password }: AdminAccountInput): Promise<FirstAdmin> {
  const passwordHash = await hashPassword(password);
  const admin = await db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`;
    if ((await tx.user.count()) > 0) throw new SetupAlreadyDoneError();
    const user = await tx.user.create({ data: { name: name || null, email, passwordHash, role: "admin" } });
    await tx.setupCode.deleteMany({});
    return { id: user.id, email: user.email };
  });
  // After the commit, so the token's row can point at the admin. A failure must not fail the set-up
  // (the admin exists now); the next start registers the token.
  await registerBootstrapToken({ token: env().BOOTSTRAP_API_TOKEN }).catch((error: unknown) =>
    logger("users").error("could not register BOOTSTRAP_API_TOKEN; it will be registered at the next start", { error }),
  );
  return admin;
}
