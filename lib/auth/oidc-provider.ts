// Single sign-on with OpenID Connect, when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set:
// next-auth's generic OAuth provider reading the issuer's discovery document, authorization code flow
// with PKCE and state, the profile taken from the verified ID token. Whether the person may sign in
// is decided in lib/auth/sso-sign-in.ts (called from the signIn callback in options.ts).
import type { OAuthConfig } from "next-auth/providers/oauth";
import { OIDC_PROVIDER_ID } from "@/lib/auth/oidc-provider-id";
import { env } from "@/lib/env";


/** The standard claims Switchyard reads from the ID token. */
export interface OidcProfile extends Record<string, unknown> {
  sub: string;
  email?: string;
  email_verified?: boolean | string;
  name?: string;
  preferred_username?: string;
}

/** What next-auth hands the signIn callback as `user` for an SSO sign-in (before it becomes ours). */
export interface OidcUser {
  id: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

export function oidcProvider(): OAuthConfig<OidcProfile> | null {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_NAME } = env();
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET) return null;
  return {
    id: OIDC_PROVIDER_ID,
    name: OIDC_NAME,
    type: "oauth",
    wellKnown: `${OIDC_ISSUER.replace(/\/+$/, "")}/.well-known/openid-configuration`,
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    profile(profile): OidcUser {
      return {
        id: profile.sub,
        email: typeof profile.email === "string" ? profile.email : null,
        // Some providers send the boolean as a string.
        emailVerified: profile.email_verified === true || profile.email_verified === "true",
        name: profile.name ?? profile.preferred_username ?? null,
      };
    },
  };
}

/** The "Sign in with …" label's name, or null when single sign-on is not configured. */
export function ssoName(): string | null {
  return oidcProvider() === null ? null : env().OIDC_NAME;
}
