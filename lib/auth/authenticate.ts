// Checks an email and password for sign-in, within the per-address and per-account attempt limits.
import { db } from "@/lib/db";
import { clearLoginAttempts, takeLoginAttempt } from "@/lib/auth/login-throttle";
import { verifyPassword } from "@/lib/auth/password";
import { SignInInput } from "@/lib/auth/schema";
import { logger } from "@/lib/log";

const log = logger("auth");

export type AuthenticateResult =
  | { ok: true; user: { id: string; email: string; name: string | null; role: string; sessionVersion: number } }
  | { ok: false; reason: "invalid_credentials" }
  | { ok: false; reason: "disabled" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

export async function authenticate({ email, password, address }: { email: unknown; password: unknown; address: string }): Promise<AuthenticateResult> {
  // Counted before the password is checked (and before argon2 runs): see login-throttle.ts.
  const throttle = await takeLoginAttempt({ address, email });
  if (!throttle.allowed) {
    log.warn(`sign-in refused: too many attempts for this ${throttle.limitedBy ?? "address"}`, { address, limitedBy: throttle.limitedBy });
    return { ok: false, reason: "rate_limited", retryAfterSeconds: throttle.retryAfterSeconds };
  }
  const input = SignInInput.safeParse({ email, password });
  const user = input.success ? await db().user.findUnique({ where: { email: input.data.email } }) : null;
  const valid = input.success && (await verifyPassword(user?.passwordHash ?? null, input.data.password));
  if (!user || !valid) {
    log.info("sign-in failed", { address });
    return { ok: false, reason: "invalid_credentials" };
  }
  await clearLoginAttempts({ address, email });
  // Told only after the password proved who asks: a disabled account is not an oracle for guessers.
  if (user.disabledAt) {
    log.info("sign-in refused: account disabled", { userId: user.id, address });
    return { ok: false, reason: "disabled" };
  }
  await db().user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  log.info("signed in", { userId: user.id, address });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion } };
}
