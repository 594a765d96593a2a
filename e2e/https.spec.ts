// The product served over HTTPS by itself (TLS_CERT_FILE/TLS_KEY_FILE), with a self-signed certificate
// made here: `npm start`'s launcher on its own data directory and port, its public address
// https://localhost:<port>. Sign in, create a signing source, send it signed webhooks over HTTPS
// (trusting exactly this certificate; kept-alive), see the event, sign out, back on the same
// https host. The session cookies are Secure, HttpOnly and prefixed; every answer carries HSTS.
// Everything stays on loopback.
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { expect, test } from "@playwright/test";
import { eventually } from "@/lib/testing/factories";
import { productEnv, startProductProcess, type ProductProcess } from "@/lib/testing/product-processes";
import { installCertificate, makeCertificate, type TestCertificate } from "@/lib/testing/self-signed";
import { freePort } from "@/lib/testing/test-database";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  fingerprint: string;
  reusedSocket: boolean;
}

let dir: string;
let dataDir: string;
let certificate: TestCertificate;
let launcher: ProductProcess;
let base: string;
let port: number;
let admin: { email: string; password: string };

/** A request to the product over TLS, trusting only the test's certificate (and checking the name localhost). */
function request(url: string, { method = "GET", headers = {}, body, agent }: { method?: string; headers?: Record<string, string>; body?: string; agent?: https.Agent } = {}): Promise<Answer> {
  const { pathname, search } = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = https.request(
      { host: "127.0.0.1", servername: "localhost", port, path: `${pathname}${search}`, method, headers, ca: [certificate.cert], agent: agent ?? false, timeout: 10_000 },
      (response) => {
        const fingerprint = (response.socket as TLSSocket).getPeerCertificate().fingerprint256;
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8"), fingerprint, reusedSocket: outgoing.reusedSocket }));
      },
    );
    outgoing.on("error", reject);
    outgoing.on("timeout", () => outgoing.destroy(new Error("no answer within 10 s")));
    outgoing.end(body);
  });
}

test.use({ ignoreHTTPSErrors: true, storageState: { cookies: [], origins: [] } });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dir = await mkdtemp(join(tmpdir(), "switchyard-https-"));
  certificate = await makeCertificate();
  const files = await installCertificate(dir, certificate);
  // A directory of its own (the embedded PostgreSQL's user must reach it).
  dataDir = await mkdtemp(join(tmpdir(), "switchyard-https-data-"));
  const env = await productEnv({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), TLS_CERT_FILE: files.certFile, TLS_KEY_FILE: files.keyFile });
  port = Number(env.PORT);
  base = `https://localhost:${port}`;
  env.APP_URL = base;
  admin = { email: env.ADMIN_EMAIL!, password: env.ADMIN_PASSWORD! };
  launcher = startProductProcess({ script: "bin/start.ts", env });
  const healthy = eventually(async () => (await request(`${base}/api/health`).catch(() => null))?.status === 200, { timeoutMs: 200_000, intervalMs: 250 });
  const died = launcher.exited.then(({ code, signal }) => Promise.reject(new Error(`the launcher exited (${code ?? signal})`)));
  await Promise.race([healthy, died]).catch((error: unknown) => {
    throw new Error(`the HTTPS instance did not become healthy: ${String(error)}\n${launcher.output().slice(-4000)}`);
  });
});

test.afterAll(async () => {
  await launcher?.stop();
  for (const path of [dir, dataDir]) if (path) await rm(path, { recursive: true, force: true });
});

test("sign in, create a source and get a signed webhook accepted, all over HTTPS, with Secure cookies", async ({ page, context }) => {
  // The certificate served is the one made here, and the public address is https.
  const health = await request(`${base}/api/health`);
  expect(health.fingerprint).toBe(certificate.fingerprint256);
  expect(health.headers["strict-transport-security"]).toBe("max-age=31536000");

  // Signed out: the redirect stays on this https host.
  const first = await page.goto(`${base}/sources`);
  await expect(page).toHaveURL(`${base}/login?callbackUrl=%2Fsources`);
  expect((await first!.allHeaders())["strict-transport-security"]).toBe("max-age=31536000");
  expect((await first!.allHeaders())["content-security-policy"]).toContain("upgrade-insecure-requests");

  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Sources", exact: true })).toBeVisible();
  expect(page.url()).toBe(`${base}/sources`);

  // The cookies: Secure and HttpOnly, with the prefixes browsers enforce; none plain.
  const cookies = await context.cookies(base);
  const session = cookies.find((cookie) => cookie.name === "__Secure-next-auth.session-token");
  expect(session, cookies.map((cookie) => cookie.name).join(", ")).toMatchObject({ secure: true, httpOnly: true, sameSite: "Lax", path: "/" });
  expect(cookies.find((cookie) => cookie.name === "__Host-next-auth.csrf-token")).toMatchObject({ secure: true, httpOnly: true, path: "/" });
  for (const cookie of cookies) {
    expect(cookie.secure, cookie.name).toBe(true);
    expect(cookie.name).toMatch(/^__(Secure|Host)-/);
  }

  // A GitHub source, with a secret pasted in.
  const name = `GitHub over TLS ${randomBytes(3).toString("hex")}`;
  const secret = randomBytes(20).toString("hex");
  await page.getByRole("link", { name: "New source" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("radio", { name: "GitHub" }).check();
  await page.getByLabel("Signing secret").fill(secret);
  await page.getByRole("button", { name: "Create source" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await page.getByRole("button", { name: "I've saved it" }).click();
  const ingestUrl = (await page.getByTestId("ingest-url").textContent())?.trim() ?? "";
  expect(ingestUrl).toMatch(new RegExp(`^${base.replaceAll(".", "\\.")}/in/[A-Za-z0-9_-]{32}$`));

  // The instance's own test event reaches its TLS listener.
  await page.getByRole("button", { name: "Send a test event" }).click();
  await expect(page.getByTestId("test-event-status")).toHaveText("200");

  // Signed webhooks over HTTPS, two on one kept-alive connection; a wrong signature is refused.
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const send = (body: string, key: string) =>
      request(ingestUrl, {
        method: "POST",
        agent,
        body,
        headers: {
          "content-type": "application/json",
          "x-hub-signature-256": `sha256=${createHmac("sha256", key).update(body).digest("hex")}`,
          "x-github-event": "issues",
          "x-github-delivery": randomUUID(),
        },
      });
    const accepted = await send(JSON.stringify({ action: "opened", issue: { number: 1, title: "Printer on fire (TLS)" } }), secret);
    expect(accepted.status, accepted.body).toBe(200);
    expect(accepted.headers["strict-transport-security"]).toBe("max-age=31536000");
    const again = await send(JSON.stringify({ action: "closed", issue: { number: 1, title: "Printer on fire (TLS)" } }), secret);
    expect(again.status, again.body).toBe(200);
    expect(again.reusedSocket).toBe(true);
    const forged = await send(JSON.stringify({ action: "opened", issue: { number: 2 } }), "not the secret");
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.body)).toMatchObject({ error: { code: "signature_invalid" } });
  } finally {
    agent.destroy();
  }

  // The events are listed; then sign out, back to this host's sign-in page.
  await page.goto(`${base}/events`);
  await expect(page.getByTestId("event-rows").getByRole("row").filter({ hasText: name })).toHaveCount(3); // the test event and the two webhooks
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${base}/login`);
  await page.goto(`${base}/sources`);
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsources$/);
  expect(page.url().startsWith(`${base}/`)).toBe(true);
});
