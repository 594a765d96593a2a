/** Error codes the sign-in page understands (next-auth passes a thrown message through as `error`). */
export const SIGN_IN_ERRORS = { rateLimited: "rate_limited", accountDisabled: "account_disabled", sessionEnded: "session_ended" } as const;
