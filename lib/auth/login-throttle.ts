// Limits sign-in attempts per client address and per account, in Postgres so every web process
// shares the counts. Taking an attempt is ONE statement that counts it and returns the new count
// (a row lock serialises concurrent sign-ins), so parallel requests cannot all pass a check made
// before any of them was counted: at most the limit get to the password check in a window. A
// successful sign-in clears both counts.
import { db } from "@/lib/db";

export const LOGIN_MAX_FAILURES = 10;
/** Higher than the per-address limit: it stops guessing spread over many addresses, and one person's typos hit the address limit first. */
export const LOGIN_MAX_FAILURES_PER_ACCOUNT = 20;
export const LOGIN_WINDOW_SECONDS = 15 * 60;

export interface ThrottleVerdict {
  allowed: boolean;
  /** Which limit refused the attempt. */
  limitedBy: "address" | "account" | null;
  /** Seconds until the window resets, when not allowed. */
  retryAfterSeconds: number;
}

function keysOf({ address, email }: { address: string; email: unknown }): { address: string; account: string | null } {
  const account = typeof email === "string" && email.trim() !== "" ? `email:${email.trim().toLowerCase().slice(0, 320)}` : null;
  return { address: `ip:${address}`, account };
}

/** Counts one sign-in attempt against the address and the account, and says whether it may go on. */
export async function takeLoginAttempt({ address, email }: { address: string; email: unknown }): Promise<ThrottleVerdict> {
  const keys = keysOf({ address, email });
  // Rows in one order (address first) in every statement, so concurrent ones never deadlock.
  const rows = await db().$queryRaw<Array<{ key: string; failures: number; resets_in: number }>>`
    INSERT INTO login_throttle (key, window_start, failures)
    SELECT key, now(), 1 FROM unnest(${[keys.address, ...(keys.account ? [keys.account] : [])]}::text[]) WITH ORDINALITY AS k(key, position)
    ORDER BY position
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN login_throttle.window_start < now() - make_interval(secs => ${LOGIN_WINDOW_SECONDS})
                      THEN 1 ELSE login_throttle.failures + 1 END,
      window_start = CASE WHEN login_throttle.window_start < now() - make_interval(secs => ${LOGIN_WINDOW_SECONDS})
                          THEN now() ELSE login_throttle.window_start END
    RETURNING key, failures, ceil(extract(epoch FROM window_start + make_interval(secs => ${LOGIN_WINDOW_SECONDS}) - now()))::int AS resets_in`;
  for (const row of rows) {
    const byAddress = row.key === keys.address;
    const limit = byAddress ? LOGIN_MAX_FAILURES : LOGIN_MAX_FAILURES_PER_ACCOUNT;
    if (row.failures > limit) return { allowed: false, limitedBy: byAddress ? "address" : "account", retryAfterSeconds: Math.max(1, row.resets_in) };
  }
  return { allowed: true, limitedBy: null, retryAfterSeconds: 0 };
}

/** After a successful sign-in: the address and the account start from nothing again. */
export async function clearLoginAttempts({ address, email }: { address: string; email: unknown }): Promise<void> {
  const keys = keysOf({ address, email });
  await db().loginThrottle.deleteMany({ where: { key: { in: [keys.address, ...(keys.account ? [keys.account] : [])] } } });
}
