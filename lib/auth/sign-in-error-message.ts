// Words for the error codes next-auth hands the sign-in page (see lib/auth/options.ts).
import { SIGN_IN_ERRORS } from "@/lib/auth/sign-in-errors";

export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  const limited = new RegExp(`^${SIGN_IN_ERRORS.rateLimited}:(\\d+)$`).exec(code);
  if (limited) {
    const minutes = Math.max(1, Math.ceil(Number(limited[1]) / 60));
    return `Too many failed sign-ins from your address. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  }
  const noAccount = new RegExp(`^${SIGN_IN_ERRORS.ssoNoAccount}:([^\\s@]{1,64}@[^\\s@]{1,253})$`).exec(code);
  if (noAccount) return `No Switchyard account for ${noAccount[1]}; ask an administrator for an invite.`;
  const mismatch = new RegExp(`^${SIGN_IN_ERRORS.ssoIdentityMismatch}:([^\\s@]{1,64}@[^\\s@]{1,253})$`).exec(code);
  if (mismatch) {
    return `The Switchyard account for ${mismatch[1]} belongs to another identity at your single sign-on provider, so it was not opened for you. If it is yours, ask an administrator to unlink its single sign-on (Settings → Users), then sign in again.`;
  }
  if (code === SIGN_IN_ERRORS.ssoUnverifiedEmail) {
    return "Your identity provider has not verified your e-mail address, so it cannot be matched to a Switchyard account. Verify it there, then try again.";
  }
  // next-auth's codes for a provider that could not be reached, or a callback that did not check out.
  if (code === "OAuthSignin" || code === "OAuthCallback" || code === "Callback" || code === "OAuthCreateAccount") {
    return "Single sign-on did not complete: the identity provider could not be reached or its answer did not check out. Try again, or sign in with your password.";
  }
  if (code === "CredentialsSignin") return "The email or password is incorrect.";
  if (code === SIGN_IN_ERRORS.accountDisabled) return "Your account has been disabled by an administrator. Ask one to enable it again.";
  if (code === SIGN_IN_ERRORS.sessionEnded) return "Your session was ended (signed out everywhere, or your role changed). Please sign in again.";
  if (code === "SessionRequired") return "Please sign in to continue.";
  return "Sign-in failed. Please try again.";
}
