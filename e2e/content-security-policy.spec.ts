// The Content-Security-Policy breaks no page: every page answers with a strict policy and a nonce
// of its own, every script and style element in its HTML carries that nonce, and the browser
// reports no violation while the page loads and hydrates (Next's runtime then defines window.next).
// Pages cover every route of the dashboard, with real data behind the detail pages, plus the
// sign-in and set-up pages signed out and a page that does not exist.
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { postWebhook } from "./fixtures";
import { startSink, type Sink } from "./sink";

const POLICY = /^default-src 'self'; script-src 'self' 'nonce-([A-Za-z0-9+/=]{24})' 'strict-dynamic'; style-src 'self' 'nonce-\1'; .*object-src 'none'; base-uri 'none'; .*frame-ancestors 'none'/;

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

/** Loads `path` and checks its policy, its elements' nonces and that nothing was refused. */
async function expectNoViolations(page: Page, path: string, { expectedPath = path }: { expectedPath?: string | RegExp } = {}) {
  const refused: string[] = [];
  const onConsole = (message: { type(): string; text(): string }) => {
    if (/content security policy|refused to/i.test(message.text())) refused.push(message.text());
  };
  page.on("console", onConsole);
  try {
    const response = await page.goto(path);
    expect(response, path).not.toBeNull();
    await expect(page).toHaveURL(typeof expectedPath === "string" ? new RegExp(`${expectedPath.replace(/[?]/g, "\\?")}$`) : expectedPath);
    const policy = (await response!.allHeaders())["content-security-policy"] ?? "";
    const nonce = POLICY.exec(policy)?.[1];
    expect(nonce, `${path} answered the policy ${JSON.stringify(policy)}`).toBeDefined();

    // Every script and style element the server sent carries this response's nonce.
    const html = await response!.text();
    const elements = [...html.matchAll(/<(script|style)\b[^>]*>/g)].map((match) => match[0]);
    expect(elements.filter((tag) => tag.startsWith("<script")).length, path).toBeGreaterThan(0);
    for (const tag of elements) expect(tag, `${path}: ${tag}`).toContain(`nonce="${nonce}"`);

    // Next's runtime ran (a refused script would leave it undefined), and nothing was refused.
    // (Polled through evaluate: waitForFunction compiles its predicate with eval, which the policy refuses.)
    await expect.poll(() => page.evaluate(() => document.readyState === "complete" && typeof (window as unknown as { next?: unknown }).next === "object")).toBe(true);
    expect(await page.evaluate(() => window.cspViolations ?? []), path).toEqual([]);
    expect(refused, path).toEqual([]);
    return nonce!;
  } finally {
    page.off("console", onConsole);
  }
}

test.beforeEach(async ({ page }) => {
  // Runs before the page's own scripts, outside the page's policy.
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => window.cspViolations!.push(`${event.violatedDirective}: ${event.blockedURI} (${event.sourceFile}:${event.lineNumber}:${event.columnNumber})`));
  });
});

let sink: Sink;
test.beforeAll(async () => {
  sink = await startSink();
});
test.afterAll(async () => {
  await sink.close();
});

test("every dashboard page has a strict policy with its own nonce, and the browser refuses nothing", async ({ page }) => {
  const stamp = randomBytes(4).toString("hex");
  const destination = await page.request.post("/api/v1/destinations", { data: { name: `CSP sink ${stamp}`, url: sink.url, allowPrivateNetwork: true } });
  expect(destination.status()).toBe(201);
  const destinationId = ((await destination.json()) as { data: { id: string } }).data.id;
  const source = await page.request.post("/api/v1/sources", { data: { name: `CSP ${stamp}`, scheme: "none" } });
  expect(source.status()).toBe(201);
  const { id: sourceId, ingestUrl } = ((await source.json()) as { data: { id: string; ingestUrl: string } }).data;
  const rule = await page.request.post(`/api/v1/sources/${sourceId}/rules`, {
    data: { name: "Everything", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [destinationId] }] },
  });
  expect(rule.status()).toBe(201);
  const ruleId = ((await rule.json()) as { data: { id: string } }).data.id;
  const webhook = await postWebhook(ingestUrl, { type: "csp.check", stamp });
  expect(webhook.status).toBe(200);
  const { eventId } = (await webhook.json()) as { eventId: string };
  await expect.poll(() => sink.requests.length, { timeout: 15_000 }).toBeGreaterThan(0);

  const nonces = new Set<string>();
  for (const path of [
    "/",
    "/events",
    `/events/${eventId}`,
    "/deliveries",
    "/sources",
    "/sources/new",
    `/sources/${sourceId}`,
    `/sources/${sourceId}/rules`,
    `/sources/${sourceId}/rules/new`,
    `/sources/${sourceId}/rules/${ruleId}`,
    "/destinations",
    "/destinations/new",
    `/destinations/${destinationId}`,
    "/settings",
    "/settings/audit",
  ]) {
    nonces.add(await expectNoViolations(page, path));
  }
  // A new nonce for every response.
  expect(nonces.size).toBe(15);

  // The rule builder, the most script-heavy page, is interactive (hydrated): adding a condition works.
  await page.goto(`/sources/${sourceId}/rules/new`);
  await page.getByRole("button", { name: "Add condition" }).click();
  await expect(page.getByRole("combobox", { name: "Field of condition 1" })).toBeVisible();
  expect(await page.evaluate(() => window.cspViolations ?? [])).toEqual([]);
});

test("a page that does not exist, and a detail page of something that does not exist, have it too", async ({ page }) => {
  await expectNoViolations(page, "/no-such-page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expectNoViolations(page, "/events/00000000-0000-4000-8000-000000000000");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("the sign-in page and the set-up redirect have the policy, and nothing is refused", async ({ page }) => {
    await expectNoViolations(page, "/login?callbackUrl=%2Fevents");
    await expectNoViolations(page, "/setup", { expectedPath: /\/login$/ });
    // An API answer carries it too.
    const api = await page.request.get("/api/v1/sources");
    expect(api.status()).toBe(401);
    expect(api.headers()["content-security-policy"]).toMatch(POLICY);
  });
});
