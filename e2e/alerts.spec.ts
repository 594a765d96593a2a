// Alerts in the dashboard: a notification channel added from Settings (a refused private URL first,
// then a local sink with "allow private network"), its test notification received by the sink, a
// signed-webhook channel's secret shown once, a rule's threshold refused then saved, and the Alerts page.
import { expect, test } from "@playwright/test";
import { startSink, type Sink } from "./sink";

let sink: Sink;

test.beforeAll(async () => {
  sink = await startSink();
});

test.afterAll(async () => {
  await sink.close();
});

test("notification channels and alert rules are set up from Settings", async ({ page }) => {
  await page.goto("/settings");
  await page.getByRole("link", { name: "Notification channels" }).click();
  await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
  await expect(page.getByText("No channels yet")).toBeVisible();

  // A loopback URL without "allow private network" is refused, saying why; what was typed stays.
  await page.getByLabel("Name").fill("e2e chat");
  await page.getByLabel("URL").fill(`${sink.url}/slack-hook`);
  await page.getByRole("button", { name: "Add channel" }).click();
  await expect(page.getByText(/loopback.*Tick “allow private network”/)).toBeVisible();
  await expect(page.getByLabel("URL")).toHaveValue(`${sink.url}/slack-hook`);

  await page.getByLabel(/Allow private network/).check();
  await page.getByRole("button", { name: "Add channel" }).click();
  await expect(page.getByText("Added “e2e chat”")).toBeVisible();
  const row = page.getByTestId("channels").getByRole("row").filter({ hasText: "e2e chat" });
  await expect(row).toContainText(`${new URL(sink.url).origin}/…hook`);

  await row.getByRole("button", { name: "Send test notification to e2e chat" }).click();
  await expect(row.getByTestId("channel-action-result")).toHaveText("The test message was delivered to the Slack webhook.");
  const received = sink.requests.map((request) => JSON.parse(request.body) as { text?: string });
  expect(received.at(-1)?.text).toContain("[TEST] Switchyard notification channel");

  // The endpoint fails: the test says so.
  sink.answer = { status: 404, body: "no_service" };
  await row.getByRole("button", { name: "Send test notification to e2e chat" }).click();
  await expect(row.getByTestId("channel-action-result")).toHaveText("Not delivered: The endpoint answered HTTP 404: no_service");
  sink.answer = { status: 200, body: "ok" };

  // A signed webhook channel: its secret is shown once.
  await page.getByLabel("Kind").selectOption("webhook");
  await page.getByLabel("Name").fill("e2e pager");
  await page.getByLabel("URL").fill(`${sink.url}/pager`);
  await page.getByLabel(/Allow private network/).check();
  await page.getByRole("button", { name: "Add channel" }).click();
  await expect(page.getByText("Signing secret of “e2e pager”")).toBeVisible();
  await expect(page.getByTestId("one-time-secret")).toContainText("whsec_");

  // Alert rules: a threshold out of bounds is refused with its bounds, then a good one is saved.
  await page.goto("/settings/alerts");
  await expect(page.getByRole("heading", { name: "Alert rules" })).toBeVisible();
  const silent = page.getByRole("form", { name: "Settings of source_silent" });
  await silent.getByLabel("No events for").fill("2");
  await silent.getByRole("button", { name: "Save" }).click();
  await expect(silent.getByText("Silence must be a whole number from 5 to 43200")).toBeVisible();
  await silent.getByLabel("No events for").fill("120");
  await silent.getByRole("button", { name: "Save" }).click();
  await expect(silent.getByText(/^Saved\./)).toBeVisible();
  await page.reload();
  await expect(page.getByRole("form", { name: "Settings of source_silent" }).getByLabel("No events for")).toHaveValue("120");

  await page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link", { name: "Alerts" }).click();
  await expect(page.getByRole("heading", { name: "Alerts", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Alert rules" })).toBeVisible();
});
