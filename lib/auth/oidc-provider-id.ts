/** next-auth's id for the OpenID Connect provider (lib/auth/oidc-provider.ts), also in its redirect URI: ${APP_URL}/api/auth/callback/oidc. */
export const OIDC_PROVIDER_ID = "oidc";
