// A real OpenID Connect provider (the `oidc-provider` package) on a loopback port, for the SSO tests:
// one confidential client and a few test accounts. Its own development sign-in page asks for a login
// (the account's e-mail here) and a password it does not check; consent is given on the user's
// behalf, as for a first-party application. Authorization code flow with PKCE required, ID tokens
// signed RS256 with a key made at start, and the e-mail claims inside the ID token (next-auth reads
// the profile from it).
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";
import { OIDC_TEST_ACCOUNTS, OIDC_TEST_CLIENT, type OidcTestAccount } from "@/lib/testing/oidc-accounts";

export interface OidcTestServer {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

export async function startOidcServer({
  port = 0,
  redirectUris,
  accounts = Object.values(OIDC_TEST_ACCOUNTS),
}: {
  port?: number;
  redirectUris: string[];
  accounts?: OidcTestAccount[];
}): Promise<OidcTestServer> {
  // The issuer must be known before the provider is built, so the port is bound first.
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
  const byLogin = new Map(accounts.map((account) => [account.login, account]));
  const bySub = new Map(accounts.map((account) => [account.sub, account]));
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_TEST_CLIENT.clientId,
        client_secret: OIDC_TEST_CLIENT.clientSecret,
        redirect_uris: redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    conformIdTokenClaims: false,
    cookies: { keys: [randomBytes(32).toString("hex")] },
    features: { devInteractions: { enabled: true } },
    jwks: { keys: [{ ...privateKey.export({ format: "jwk" }), kid: "test-key", use: "sig", alg: "RS256" }] },
    pkce: { required: () => true },
    // Seconds each artifact lives (stated, so the provider does not warn about its defaults).
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    // The login field holds the account's login; an account may also be found again by its subject.
    findAccount(_ctx, id) {
      const account = byLogin.get(id) ?? bySub.get(id);
      if (!account) return undefined;
      return {
        accountId: account.login,
        claims: () => ({ sub: account.sub, email: account.email, email_verified: account.emailVerified, name: account.name }),
      };
    },
    async loadExistingGrant(ctx) {
      const { client, session, provider: self } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) return self.Grant.find(grantId);
      const grant = new self.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });
  server.on("request", provider.callback());

  return {
    issuer,
    clientId: OIDC_TEST_CLIENT.clientId,
    clientSecret: OIDC_TEST_CLIENT.clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
