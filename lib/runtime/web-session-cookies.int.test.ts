// `npm run web` (bin/web.ts, alone, as in production behind a TLS-terminating load balancer) with
// an https APP_URL: the session cookies are Secure and carry the __Secure-/__Host- prefixes, whatever
// NEXTAUTH_URL says, and the session they carry opens the dashboard. With an http APP_URL they are
// plain, so a local http instance keeps signing in. The test talks plain HTTP to the process on
// loopback; the cookies' attributes are what a browser would enforce.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureWebBuild, productEnv, startProductProcess, waitForHealthy, type ProductProcess } from "@/lib/testing/product-processes";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";

interface SetCookie {
  name: string;
  value: string;
  attributes: Map<string, string>;
}

function parseSetCookie(header: string): SetCookie {
  const [pair = "", ...rest] = header.split(";").map((part) => part.trim());
  const at = pair.indexOf("=");
  const attributes = new Map(
    rest.map((attribute) => {
      const eq = attribute.indexOf("=");
      return eq < 0 ? [attribute.toLowerCase(), ""] : [attribute.slice(0, eq).toLowerCase(), attribute.slice(eq + 1)];
    }),
  );
  return { name: pair.slice(0, at), value: pair.slice(at + 1), attributes };
}

/** Signs in the way the login form does (CSRF token, then the credentials callback); returns every cookie set. */
async function signIn(base: string, email: string, password: string): Promise<SetCookie[]> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const csrfCookies = csrf.headers.getSetCookie().map(parseSetCookie);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const callback = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookies.map(({ name, value }) => `${name}=${value}`).join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  expect(callback.status, await callback.text()).toBe(200);
  return [...csrfCookies, ...callback.headers.getSetCookie().map(parseSetCookie)];
}

const instances: Array<{ web: ProductProcess; database: TestDatabase }> = [];

async function startWeb(appUrl: (port: string) => string, extra: Record<string, string> = {}) {
  const database = await createTestDatabase({ prefix: "switchyard_cookies" });
  const env = await productEnv({
    DATABASE_URL: database.url,
    AUTH_SECRET: randomBytes(32).toString("base64"),
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ...extra,
  });
  env.APP_URL = appUrl(env.PORT);
  const web = startProductProcess({ script: "bin/web.ts", env });
  instances.push({ web, database });
  const base = `http://127.0.0.1:${env.PORT}`;
  await waitForHealthy(base).catch((error: unknown) => {
    throw new Error(`the web process did not become healthy: ${String(error)}\n${web.output().slice(-3000)}`);
  });
  return { base, email: env.ADMIN_EMAIL!, password: env.ADMIN_PASSWORD! };
}

beforeAll(() => ensureWebBuild(), 300_000);

afterAll(async () => {
  for (const { web, database } of instances) {
    await web.stop();
    await database.drop();
  }
});

describe("the web entry point's session cookies", () => {
  it("are Secure, prefixed and host-only with an https APP_URL, even when NEXTAUTH_URL says http", async () => {
    const { base, email, password } = await startWeb((port) => `https://localhost:${port}`, { NEXTAUTH_URL: "http://localhost:3000" });
    const cookies = await signIn(base, email, password);
    const byName = new Map(cookies.map((cookie) => [cookie.name, cookie]));

    const session = byName.get("__Secure-next-auth.session-token");
    expect(session, `cookies set: ${[...byName.keys()].join(", ")}`).toBeDefined();
    expect(session!.attributes.has("secure")).toBe(true);
    expect(session!.attributes.has("httponly")).toBe(true);
    expect(session!.attributes.get("samesite")?.toLowerCase()).toBe("lax");
    const csrf = byName.get("__Host-next-auth.csrf-token");
    expect(csrf).toBeDefined();
    expect(csrf!.attributes.has("secure")).toBe(true);
    expect(csrf!.attributes.get("path")).toBe("/");
    expect(csrf!.attributes.has("domain")).toBe(false);
    // Every cookie the sign-in sets is Secure; none goes out unprefixed.
    for (const cookie of cookies) {
      expect(cookie.attributes.has("secure"), cookie.name).toBe(true);
      expect(cookie.name, cookie.name).toMatch(/^__(Secure|Host)-/);
    }

    // The prefixed cookie is the one the session gate and the pages read.
    const page = await fetch(`${base}/events`, { redirect: "manual", headers: { cookie: `${session!.name}=${session!.value}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Events");
    // The unprefixed name carries no session.
    const unprefixed = await fetch(`${base}/events`, { redirect: "manual", headers: { cookie: `next-auth.session-token=${session!.value}` } });
    expect(unprefixed.status).toBe(307);
  });

  it("are plain with an http APP_URL, so a local instance over http signs in", async () => {
    const { base, email, password } = await startWeb((port) => `http://localhost:${port}`);
    const cookies = await signIn(base, email, password);
    const session = cookies.find((cookie) => cookie.name === "next-auth.session-token");
    expect(session, `cookies set: ${cookies.map((cookie) => cookie.name).join(", ")}`).toBeDefined();
    expect(session!.attributes.has("secure")).toBe(false);
    const page = await fetch(`${base}/events`, { redirect: "manual", headers: { cookie: `${session!.name}=${session!.value}` } });
    expect(page.status).toBe(200);
  });
});
