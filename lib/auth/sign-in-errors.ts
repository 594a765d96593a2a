/** Error codes the sign-in page understands (next-auth passes a thrown message through as `error`). */
export const SIGN_IN_ERRORS = {
  rateLimited: "rate_limited",
  accountDisabled: "account_disabled",
  sessionEnded: "session_ended",
  /** Followed by ":<e-mail>": single sign-on worked, but nobody has an account with that e-mail. */
  ssoNoAccount: "sso_no_account",
  ssoUnverifiedEmail: "sso_unverified_email",
  /** Followed by ":<e-mail>": the account with that e-mail is bound to another identity at the provider. */
  ssoIdentityMismatch: "sso_identity_mismatch",
} as const;
