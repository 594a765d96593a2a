/** Error codes the sign-in page understands (next-auth passes a thrown message through as `error`). */
export const SIGN_IN_ERRORS = { rateLimited: "rate_limited" } as const;
