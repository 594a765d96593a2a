// People and roles: the admin invites an operator through a one-time link; the operator retries a
// failed delivery but is refused, in words, when editing a source; a viewer sees no secrets (a
// source's signing secret, a destination's header values); disabling a user refuses their open
// session at its next request and sends them to sign-in saying why.
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { startSink, type Sink } from "./sink";

let sink: Sink;
test.beforeEach(async () => {
  sink = await startSink();
  sink.answer = { status: 500, body: '{"error":"down"}' };
});
test.afterEach(async () => {
  await sink.close();
});

const PASSWORD = "a long e2e password for them";

/** As the admin, through the Users page: invite `email` with `role`, and return the link shown once. */
async function invite(page: Page, email: string, role: "Viewer" | "Operator"): Promise<string> {
  await page.goto("/settings/users");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption(role.toLowerCase());
  await page.getByRole("button", { name: "Invite" }).click();
  const link = page.getByTestId("one-time-secret-value");
  await expect(link).toHaveText(/\/invite\/[A-Za-z0-9_-]{43}$/);
  return (await link.textContent())?.trim() ?? "";
}

/** A fresh browser (no session) takes the link, chooses a password, and signs in. */
async function join(browser: Browser, link: string, name: string): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Join Switchyard" })).toBeVisible();
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Join Switchyard" }).click();
  await expect(page.getByText("Your account is ready")).toBeVisible();
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("link", { name: "Overview" }).first()).toBeVisible();
  // The link works once.
  const again = await context.newPage();
  await again.goto(link);
  await expect(again.getByText("This invitation has already been used")).toBeVisible();
  await again.close();
  return page;
}

test("an invited operator retries, is refused editing a source; a viewer sees no secrets; a disabled user's session ends", async ({ page, browser }) => {
  const stamp = randomBytes(4).toString("hex");
  // As the admin (the saved session): a failing destination with a credential header, a GitHub source, a rule.
  const destination = await page.request.post("/api/v1/destinations", {
    data: { name: `Desk ${stamp}`, url: sink.url, allowPrivateNetwork: true, retrySchedule: [], headers: { Authorization: "Bearer desk-credential" } },
  });
  expect(destination.status()).toBe(201);
  const destinationId = ((await destination.json()) as { data: { id: string } }).data.id;
  const secret = randomBytes(20).toString("hex");
  const source = await page.request.post("/api/v1/sources", { data: { name: `Tracker ${stamp}`, scheme: "github", secret } });
  const { id: sourceId, ingestUrl } = ((await source.json()) as { data: { id: string; ingestUrl: string } }).data;
  const rule = await page.request.post(`/api/v1/sources/${sourceId}/rules`, {
    data: { name: "Forward everything", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [destinationId] }] },
  });
  expect(rule.status()).toBe(201);
  const body = JSON.stringify({ action: "opened", issue: { title: "Printer on fire" } });
  const sent = await fetch(ingestUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`, "x-github-event": "issues", "x-github-delivery": randomUUID() },
    body,
  });
  expect(sent.status).toBe(200);
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/deliveries?destination=${destinationId}&status=failed`)).json()) as { data: unknown[] }).data.length)
    .toBe(1);

  // The admin invites an operator; the operator joins through the link.
  const operatorEmail = `operator-${stamp}@e2e.test`;
  const operator = await join(browser, await invite(page, operatorEmail, "Operator"), "Olive Operator");
  await expect(operator.getByTestId("role-note").first()).toContainText("Operator");

  // The operator retries the failed delivery, once the endpoint is fixed.
  sink.answer = { status: 200, body: '{"ok":true}' };
  await operator.goto(`/deliveries?destination=${destinationId}`);
  const row = operator.getByTestId("delivery-row");
  await row.getByRole("button", { name: "Retry" }).click();
  await expect(row).toContainText("succeeded");

  // ...but editing the source is refused, saying who may.
  await operator.goto(`/sources/${sourceId}`);
  await operator.getByLabel("Name", { exact: true }).fill(`Renamed ${stamp}`);
  await operator.getByRole("button", { name: "Save settings" }).click();
  // The form's own answer (the page's note above it says more than this).
  await expect(operator.getByText("Only an administrator can edit sources.", { exact: true })).toBeVisible();
  await operator.reload();
  await expect(operator.getByRole("heading", { name: `Tracker ${stamp}` })).toBeVisible();

  // A viewer sees no secrets: no Reveal of the source's secret, no Reveal of the destination's header values.
  const viewer = await join(browser, await invite(page, `viewer-${stamp}@e2e.test`, "Viewer"), "Vera Viewer");
  await viewer.goto(`/sources/${sourceId}`);
  await expect(viewer.getByText("Only an administrator can see or change a source's signing secret.")).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Reveal" })).toHaveCount(0);
  await viewer.goto(`/destinations/${destinationId}`);
  await expect(viewer.getByLabel("Header 1 value")).toHaveValue("••••••••");
  await expect(viewer.getByRole("button", { name: /Reveal values/ })).toHaveCount(0);
  expect(await viewer.content()).not.toContain("desk-credential");
  // Nor through the API with the viewer's session.
  const reveal = await viewer.request.post(`/api/v1/destinations/${destinationId}/reveal-headers`);
  expect(reveal.status()).toBe(403);
  expect(await reveal.json()).toMatchObject({ error: { code: "forbidden" } });
  // Nor is the viewer offered what the server would refuse: the admin's Replay is not on the viewer's page.
  const events = (await (await page.request.get(`/api/v1/events?source=${sourceId}`)).json()) as { data: Array<{ id: string }> };
  const eventId = events.data[0]?.id ?? "";
  await page.goto(`/events/${eventId}`);
  await expect(page.getByRole("button", { name: "Replay", exact: true })).toBeVisible();
  await viewer.goto(`/events/${eventId}`);
  await expect(viewer.getByTestId("delivery")).toContainText("succeeded");
  await expect(viewer.getByRole("button", { name: "Replay", exact: true })).toHaveCount(0);

  // The admin disables the operator; the operator's open session is refused at the next request.
  const users = (await (await page.request.get("/api/v1/users")).json()) as { data: Array<{ id: string; email: string }> };
  const operatorId = users.data.find((user) => user.email === operatorEmail)?.id ?? "";
  await page.goto("/settings/users");
  const operatorRow = page.getByTestId("user-row").filter({ hasText: operatorEmail });
  await operatorRow.getByRole("button", { name: "Disable" }).click();
  await expect(operatorRow).toContainText("Disabled");
  expect(operatorId).not.toBe("");

  await operator.goto(`/deliveries?destination=${destinationId}`);
  await expect(operator).toHaveURL(/\/login/);
  await expect(operator.getByText("Your account has been disabled by an administrator.")).toBeVisible();
  const api = await operator.request.get("/api/v1/sources");
  expect(api.status()).toBe(401);
  // Signing in again is refused too, saying why.
  await operator.getByLabel("Email").fill(operatorEmail);
  await operator.getByLabel("Password").fill(PASSWORD);
  await operator.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(operator.getByText("Your account has been disabled by an administrator.")).toBeVisible();

  await operator.context().close();
  await viewer.context().close();
});
