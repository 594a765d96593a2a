// Words for the error codes next-auth hands the sign-in page (see lib/auth/options.ts).
import { SIGN_IN_ERRORS } from "@/lib/auth/sign-in-errors";

export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  const limited = new RegExp(`^${SIGN_IN_ERRORS.rateLimited}:(\\d+)$`).exec(code);
  if (limited) {
    const minutes = Math.max(1, Math.ceil(Number(limited[1]) / 60));
    return `Too many failed sign-ins from your address. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  }
  if (code === "CredentialsSignin") return "The email or password is incorrect.";
  if (code === SIGN_IN_ERRORS.accountDisabled) return "Your account has been disabled by an administrator. Ask one to enable it again.";
  if (code === SIGN_IN_ERRORS.sessionEnded) return "Your session was ended (signed out everywhere, or your role changed). Please sign in again.";
  if (code === "SessionRequired") return "Please sign in to continue.";
  return "Sign-in failed. Please try again.";
}
