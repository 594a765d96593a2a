// The client and accounts of the test OpenID Connect provider (oidc-server.ts), apart from the server
// so specs can name them without loading oidc-provider.
export interface OidcTestAccount {
  /** What is typed in the provider's login field. */
  login: string;
  sub: string;
  email: string;
  emailVerified: boolean;
  name: string;
}

export const OIDC_TEST_CLIENT = { clientId: "switchyard-test", clientSecret: "switchyard-test-secret-0123456789" } as const;

/** The domain the e2e server auto-provisions (OIDC_AUTO_PROVISION_DOMAINS in e2e/serve.ts). */
export const OIDC_PROVISIONED_DOMAIN = "sso.e2e.test";

export const OIDC_TEST_ACCOUNTS = {
  /** Same e-mail as the e2e administrator: links to that account. */
  admin: { login: "admin@e2e.test", sub: "idp-admin-1", email: "admin@e2e.test", emailVerified: true, name: "E2E Admin (IdP)" },
  /** In the auto-provisioned domain: gets a new account with the default role. */
  newcomer: { login: "newcomer@sso.e2e.test", sub: "idp-newcomer-2", email: "newcomer@sso.e2e.test", emailVerified: true, name: "New Comer" },
  /** In no provisioned domain; the e2e invites this e-mail before signing in. */
  invitee: { login: "invitee@elsewhere.test", sub: "idp-invitee-5", email: "invitee@elsewhere.test", emailVerified: true, name: "In Vitee" },
  /** In no provisioned domain and without an account: refused. */
  stranger: { login: "stranger@elsewhere.test", sub: "idp-stranger-3", email: "stranger@elsewhere.test", emailVerified: true, name: "A Stranger" },
  /** Provisioned at its first sign-in, so its account is bound to this identity (sub). */
  holder: { login: "holder@sso.e2e.test", sub: "idp-holder-6", email: "holder@sso.e2e.test", emailVerified: true, name: "Hol Der" },
  /** Another identity at the same provider now reporting the holder's verified e-mail: refused until an admin unlinks the holder's account. */
  successor: { login: "successor", sub: "idp-successor-7", email: "holder@sso.e2e.test", emailVerified: true, name: "Suc Cessor" },
  /** The provider has not verified this e-mail: refused even though the address has an account. */
  unverified: { login: "unverified-admin", sub: "idp-unverified-4", email: "admin@e2e.test", emailVerified: false, name: "Unverified" },
} satisfies Record<string, OidcTestAccount>;

