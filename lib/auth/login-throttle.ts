// Limits failed sign-ins per client address, in Postgres so every web process shares the count.
import { db } from "@/lib/db";

export const LOGIN_MAX_FAILURES = 10;
export const LOGIN_WINDOW_SECONDS = 15 * 60;

export interface ThrottleVerdict {
  allowed: boolean;
  /** Seconds until the window resets, when not allowed. */
  retryAfterSeconds: number;
}

export async function checkLoginThrottle({ address }: { address: string }): Promise<ThrottleVerdict> {
  const row = await db().loginThrottle.findUnique({ where: { key: `ip:${address}` } });
  if (!row) return { allowed: true, retryAfterSeconds: 0 };
  const resetsAt = row.windowStart.getTime() + LOGIN_WINDOW_SECONDS * 1000;
  const remaining = Math.ceil((resetsAt - Date.now()) / 1000);
  if (remaining <= 0 || row.failures < LOGIN_MAX_FAILURES) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: false, retryAfterSeconds: remaining };
}

export async function recordLoginFailure({ address }: { address: string }): Promise<void> {
  // One atomic upsert: a window that has expired starts again at one failure.
  await db().$executeRaw`
    INSERT INTO login_throttle (key, window_start, failures) VALUES (${`ip:${address}`}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN login_throttle.window_start < now() - make_interval(secs => ${LOGIN_WINDOW_SECONDS})
                      THEN 1 ELSE login_throttle.failures + 1 END,
      window_start = CASE WHEN login_throttle.window_start < now() - make_interval(secs => ${LOGIN_WINDOW_SECONDS})
                          THEN now() ELSE login_throttle.window_start END`;
}

export async function clearLoginFailures({ address }: { address: string }): Promise<void> {
  await db().loginThrottle.deleteMany({ where: { key: `ip:${address}` } });
}
