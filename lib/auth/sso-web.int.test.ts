// Single sign-on's faults in the real web process (bin/web.ts) with a real OpenID Connect provider
// (lib/testing/oidc-server.ts) on loopback: an answer at the callback that does not check out, and
// the provider going away and coming back. The sign-in page says what happened; nothing answers 500.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcServer, type OidcTestServer } from "@/lib/testing/oidc-server";
import { ensureWebBuild, productEnv, startProductProcess, waitForHealthy, type ProductProcess } from "@/lib/testing/product-processes";
import { createTestDatabase, freePort, type TestDatabase } from "@/lib/testing/test-database";

let web: ProductProcess;
let database: TestDatabase;
let oidc: OidcTestServer | undefined;
let oidcPort: number;
let base: string;

beforeAll(async () => {
  ensureWebBuild();
  database = await createTestDatabase({ prefix: "switchyard_sso" });
  const env = await productEnv({ DATABASE_URL: database.url, AUTH_SECRET: randomBytes(32).toString("base64"), ENCRYPTION_KEY: randomBytes(32).toString("base64") });
  env.APP_URL = `http://localhost:${env.PORT}`;
  oidcPort = await freePort();
  oidc = await startOidcServer({ port: oidcPort, redirectUris: [`${env.APP_URL}/api/auth/callback/oidc`] });
  Object.assign(env, { OIDC_ISSUER: oidc.issuer, OIDC_CLIENT_ID: oidc.clientId, OIDC_CLIENT_SECRET: oidc.clientSecret, OIDC_NAME: "Acme IdP" });
  web = startProductProcess({ script: "bin/web.ts", env });
  base = env.APP_URL;
  await waitForHealthy(base).catch((error: unknown) => {
    throw new Error(`the web process did not become healthy: ${String(error)}\n${web.output().slice(-3000)}`);
  });
}, 300_000);

afterAll(async () => {
  await web?.stop();
  await oidc?.close();
  await database?.drop();
});

/** Starts an SSO sign-in as the button does; returns where the browser would be sent. */
async function startSignIn(): Promise<URL> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const cookie = csrf.headers
    .getSetCookie()
    .map((header) => header.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const answer = await fetch(`${base}/api/auth/signin/oidc`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, callbackUrl: "/", json: "true" }),
  });
  expect(answer.status).toBe(200);
  return new URL(((await answer.json()) as { url: string }).url);
}

/** Where a browser ends up from here, following this app's redirects (next-auth's error route sends on to /login). */
async function landing(url: URL): Promise<URL> {
  let current = url;
  for (let hop = 0; hop < 5 && current.origin === base; hop++) {
    const answer = await fetch(current, { redirect: "manual" });
    const location = answer.headers.get("location");
    if (answer.status < 300 || answer.status >= 400 || !location) return current;
    current = new URL(location, current);
  }
  return current;
}

async function loginPageText(url: URL): Promise<string> {
  const page = await fetch(new URL(`${url.pathname}${url.search}`, base));
  expect(page.status).toBe(200);
  return page.text();
}

describe("single sign-on in the web process", () => {
  it("shows the provider's button and sends the browser to its authorization endpoint with PKCE and state", async () => {
    expect(await loginPageText(new URL("/login", base))).toContain("Sign in with <!-- -->Acme IdP");
    const authorize = await startSignIn();
    expect(authorize.origin).toBe(oidc!.issuer);
    expect(authorize.pathname).toBe("/auth");
    expect(authorize.searchParams.get("client_id")).toBe(oidc!.clientId);
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${base}/api/auth/callback/oidc`);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("state")).toBeTruthy();
    expect(authorize.searchParams.get("scope")).toBe("openid email profile");
  });

  it("refuses a callback whose state and code were not issued to this browser, saying so on /login", async () => {
    const callback = await fetch(`${base}/api/auth/callback/oidc?code=forged&state=forged&iss=${encodeURIComponent(oidc!.issuer)}`, { redirect: "manual" });
    expect(callback.status).toBe(302);
    expect(callback.headers.getSetCookie().some((header) => /session-token=[^;]/.test(header))).toBe(false);
    const location = await landing(new URL(callback.headers.get("location") ?? "", base));
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("error")).toBe("OAuthCallback");
    expect(await loginPageText(location)).toContain("Single sign-on did not complete");
  });

  it("says so when the provider cannot be reached, and works again once it is back", async () => {
    await oidc!.close();
    oidc = undefined;
    const refused = await landing(await startSignIn());
    expect(refused.origin).toBe(base);
    expect(refused.pathname).toBe("/login");
    expect(refused.searchParams.get("error")).toBe("OAuthSignin");
    expect(await loginPageText(refused)).toContain("Single sign-on did not complete");
    // Password sign-in and health are unaffected.
    expect((await fetch(`${base}/api/health`)).status).toBe(200);

    oidc = await startOidcServer({ port: oidcPort, redirectUris: [`${base}/api/auth/callback/oidc`] });
    expect((await startSignIn()).origin).toBe(oidc.issuer);
  });
});
