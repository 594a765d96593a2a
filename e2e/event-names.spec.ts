// Events with names, from a newcomer's first source: a Zendesk source created without a secret
// (Zendesk makes it once it has the URL), the secret pasted on the source page, the first event
// appearing live with its summary, found by the events search, named in the deliveries list and in
// the rule builder's test picker (searchable), renamed after the summary template changes.
import { createHmac, randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { startSink, type Sink } from "./sink";

let sink: Sink;
test.beforeEach(async () => {
  sink = await startSink();
});
test.afterEach(async () => {
  await sink.close();
});

/** Posts a body signed the way Zendesk signs (HMAC-SHA256 of timestamp + body, base64). */
async function postZendesk(url: string, secret: string, payload: unknown): Promise<Response> {
  const body = JSON.stringify(payload);
  const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const signature = createHmac("sha256", secret).update(timestamp + body).digest("base64");
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-zendesk-webhook-signature": signature, "x-zendesk-webhook-signature-timestamp": timestamp },
    body,
  });
}

test("a Zendesk source names its events in every list and picker, live and searchable", async ({ page }) => {
  const stamp = randomBytes(4).toString("hex");
  const name = `Support desk ${stamp}`;
  const secret = randomBytes(24).toString("base64url");

  // Created without a secret: nothing is generated for a provider that makes its own.
  await page.goto("/sources/new");
  // APP_URL is localhost in this run: the page says providers cannot reach it.
  await expect(page.getByTestId("unreachable-url-warning")).toContainText("Providers cannot reach this URL");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("radio", { name: "Zendesk" }).check();
  await expect(page.getByLabel("Signing secret from Zendesk")).toHaveAttribute("placeholder", /leave empty to paste it later/);
  await page.getByRole("button", { name: "Create source" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByTestId("one-time-secret")).toHaveCount(0);
  await expect(page.getByText("Waiting for Zendesk's signing secret")).toBeVisible();
  const ingestUrl = (await page.getByTestId("ingest-url").textContent())?.trim() ?? "";

  // Refused until the secret is pasted; then accepted.
  const ticket = { ticket: { id: 35436, subject: `Refund for Maria ${stamp}`, priority: "high" } };
  expect((await postZendesk(ingestUrl, secret, ticket)).status).toBe(401);
  await page.getByLabel("Signing secret from Zendesk").fill(secret);
  await page.getByRole("button", { name: "Save secret" }).click();
  await expect(page.getByTestId("one-time-secret-value")).toHaveText(secret);
  await page.getByRole("button", { name: "I've saved it" }).click();
  await expect(page.getByText("Waiting for Zendesk's signing secret")).toHaveCount(0);

  // Forward everything to a sink, so the event has a delivery to list.
  const destination = await page.request.post("/api/v1/destinations", { data: { name: `Desk sink ${stamp}`, url: sink.url, allowPrivateNetwork: true } });
  const destinationId = ((await destination.json()) as { data: { id: string } }).data.id;
  const sourceId = page.url().split("/").pop() ?? "";
  const rule = await page.request.post(`/api/v1/sources/${sourceId}/rules`, {
    data: { name: "All to the sink", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [destinationId] }] },
  });
  expect(rule.status()).toBe(201);

  // The first event appears on the open source page by itself, named by the Zendesk preset.
  const summary = `#35436 Refund for Maria ${stamp} · high`;
  const latest = page.getByTestId("event-rows");
  await expect(latest.getByTestId("event-summary")).toHaveCount(0);
  expect((await postZendesk(ingestUrl, secret, ticket)).status).toBe(200);
  await expect(latest.getByTestId("event-summary")).toHaveText([summary]);
  expect((await postZendesk(ingestUrl, secret, { ticket: { id: 35437, subject: `Printer on fire ${stamp}`, priority: "urgent" } })).status).toBe(200);
  await expect(latest.getByTestId("event-summary")).toHaveText([`#35437 Printer on fire ${stamp} · urgent`, summary]);
  await expect.poll(() => sink.requests.length, { timeout: 15_000 }).toBe(2);

  // The events search finds it by its name, in any case.
  await page.goto("/events");
  await page.getByLabel("Summary contains").fill(`maria ${stamp.toUpperCase()}`);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/search=maria/);
  await expect(page.getByTestId("event-summary")).toHaveText([summary]);
  await expect(page.getByTestId("active-filters")).toContainText("Summary contains");

  // The event page is titled by it; the deliveries list names the event by it.
  await page.getByTestId("event-summary").click();
  await expect(page.getByTestId("event-title")).toHaveText(summary);
  await expect(page).toHaveTitle(new RegExp(summary.replace(/[#·]/g, ".")));
  await page.goto(`/deliveries?source=${sourceId}`);
  await expect(page.getByTestId("delivery-event")).toHaveText([`#35437 Printer on fire ${stamp} · urgent`, summary]);

  // The rule builder's test picker lists events by name, and its search narrows them.
  await page.goto(`/sources/${sourceId}/rules/new`);
  const picker = page.getByLabel("Test event", { exact: true });
  await expect(picker.locator("option").first()).toHaveText(new RegExp(`^#35437 Printer on fire ${stamp} · urgent — `));
  await page.getByLabel("Search test events by summary").fill("refund");
  await expect(page.getByTestId("test-search-status")).toHaveText("1 event matches");
  await expect(picker.locator("option")).toHaveText([new RegExp(`^${summary} — `), "Paste JSON…"]);
  await expect(picker).toHaveValue(/^[0-9a-f-]{36}$/);

  // A new template: its live preview names the latest events; once saved, the lists use it.
  await page.goto(`/sources/${sourceId}`);
  const template = page.getByLabel("Summary template");
  await template.fill("{{ticket.priority}}: {{ticket.subject}}");
  await expect(page.getByTestId("summary-preview-row").first()).toContainText(`urgent: Printer on fire ${stamp}`);
  await template.fill("{{ticket.priority");
  await expect(page.getByText(/"\{\{" at position 1 is not closed/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Save summary template" })).toBeDisabled();
  await template.fill("{{ticket.priority}}: {{ticket.subject}}");
  await page.getByRole("button", { name: "Save summary template" }).click();
  await expect(page.getByText("Saved. New events are named with it")).toBeVisible();
  await page.goto(`/events?source=${sourceId}`);
  await expect(page.getByTestId("event-summary")).toHaveText([`urgent: Printer on fire ${stamp}`, `high: Refund for Maria ${stamp}`]);

  // The audit log says what changed, from what to what.
  await page.goto("/settings/audit");
  await expect(page.getByTestId("audit-log").getByRole("row").filter({ hasText: name }).first()).toContainText(
    "summary template “#{{ticket.id | detail.id}}",
  );
});
