// Recovery-first retries, in the browser against the real product: a retried row shows its new
// attempt's outcome in place on the Failed view (failed again with its status code, then
// succeeded, without vanishing); a destination the address policy refuses is not created; "Send a
// test delivery" shows its outcome (delivered, failing, or the endpoint down); and once the
// destination is healthy again its failed deliveries are retried in one click, with the counts.
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { startSink, type Sink } from "./sink";

let sink: Sink;
let sinkOpen = false;
test.beforeEach(async () => {
  sink = await startSink();
  sinkOpen = true;
  sink.answer = { status: 500, body: '{"error":"database is down"}' };
});
test.afterEach(async () => {
  if (sinkOpen) await sink.close();
});

/** A GitHub source whose rule forwards everything to the destination; returns a signed sender. */
async function forwardTo(page: Page, destinationId: string): Promise<(title: string) => Promise<void>> {
  const secret = randomBytes(20).toString("hex");
  const source = await page.request.post("/api/v1/sources", { data: { name: `Tracker ${randomBytes(3).toString("hex")}`, scheme: "github", secret } });
  expect(source.status()).toBe(201);
  const { id: sourceId, ingestUrl } = ((await source.json()) as { data: { id: string; ingestUrl: string } }).data;
  const rule = await page.request.post(`/api/v1/sources/${sourceId}/rules`, {
    data: { name: "Forward everything", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [destinationId] }] },
  });
  expect(rule.status()).toBe(201);
  return async (title: string) => {
    const body = JSON.stringify({ action: "opened", issue: { title } });
    const response = await fetch(ingestUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
        "x-github-event": "issues",
        "x-github-delivery": randomUUID(),
      },
      body,
    });
    expect(response.status).toBe(200);
  };
}

async function failedCount(page: Page, destinationId: string): Promise<number> {
  const response = await page.request.get(`/api/v1/deliveries?destination=${destinationId}&status=failed`);
  return ((await response.json()) as { data: unknown[] }).data.length;
}

test("Retry on the Failed view shows the new attempt's outcome in the row: failed with its status, then succeeded, without vanishing", async ({ page }) => {
  const created = await page.request.post("/api/v1/destinations", { data: { name: `Desk ${randomBytes(3).toString("hex")}`, url: sink.url, allowPrivateNetwork: true, retrySchedule: [] } });
  const destinationId = ((await created.json()) as { data: { id: string } }).data.id;
  const send = await forwardTo(page, destinationId);
  await send("Printer on fire");
  await expect.poll(() => failedCount(page, destinationId), { timeout: 15_000 }).toBe(1);

  await page.goto(`/deliveries?destination=${destinationId}&status=failed`);
  const row = page.getByTestId("delivery-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("HTTP 500");

  // Still broken: the retry's attempt fails, and the row says so with the status code and error.
  await row.getByRole("button", { name: "Retry" }).click();
  const outcome = page.getByTestId("retry-outcome");
  await expect(outcome).toHaveAttribute("data-outcome", "failed", { timeout: 15_000 });
  await expect(outcome).toContainText("Retry failed: HTTP 500 (attempt 2). No retries left.");
  await expect(outcome).toContainText("The endpoint answered 500 Internal Server Error");
  await expect(row).toContainText("2 attempts");

  // Fixed: the next retry succeeds, and the row stays on the Failed view to say so.
  sink.answer = { status: 200, body: '{"ok":true}' };
  await row.getByRole("button", { name: "Retry" }).click();
  await expect(outcome).toHaveAttribute("data-outcome", "succeeded", { timeout: 15_000 });
  await expect(outcome).toContainText("Retry succeeded: HTTP 200 (attempt 3).");
  await expect(outcome).toContainText("Kept here though the filters no longer select it.");
  await expect(row).toContainText("succeeded");
  await expect(row).toHaveCount(1);

  // A fresh look at the Failed view: nothing left there.
  await page.reload();
  await expect(page.getByTestId("delivery-row")).toHaveCount(0);
});

test("a destination: refused URL not saved, test deliveries with their outcome, and 'healthy again' retries its failed in one click", async ({ page }) => {
  test.setTimeout(120_000);
  const name = `Billing ${randomBytes(3).toString("hex")}`;
  await page.goto("/destinations/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("URL", { exact: true }).fill(sink.url);
  await page.getByLabel("Retry schedule").fill("");
  // Loopback without the private-network switch: the live check says it cannot be saved, and saving is refused.
  await expect(page.getByTestId("url-check")).toContainText("cannot be saved");
  await page.getByRole("button", { name: "Create destination" }).click();
  await expect(page.locator("#url-error")).toContainText("Every attempt would be refused");
  await expect(page).toHaveURL(/\/destinations\/new$/);
  const none = await page.request.get("/api/v1/destinations");
  expect(((await none.json()) as { data: Array<{ name: string }> }).data.map((destination) => destination.name)).not.toContain(name);

  await page.getByLabel("Allow private network").check();
  await page.getByRole("button", { name: "Create destination" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await page.getByRole("button", { name: "I've saved it" }).click();
  const destinationId = new URL(page.url()).pathname.split("/").at(-1)!;

  // The endpoint fails: a test delivery says so, with the status code.
  const testCard = page.getByTestId("test-delivery");
  await testCard.getByRole("button", { name: "Send a test delivery" }).click();
  const testOutcome = testCard.getByTestId("test-delivery-outcome");
  await expect(testOutcome).toHaveAttribute("data-ok", "false");
  await expect(testOutcome).toContainText("Failed: the endpoint answered HTTP 500");
  const testRequest = sink.requests.at(-1)!;
  expect(JSON.parse(testRequest.body)).toMatchObject({ type: "switchyard.test", data: { destination: { id: destinationId, name } } });
  expect(testRequest.headers["webhook-signature"]).toMatch(/^v1,/);

  // A delivery fails for good: listed under the failed ones, with the way to all of them.
  const send = await forwardTo(page, destinationId);
  await send("Invoice overdue");
  await expect.poll(() => failedCount(page, destinationId), { timeout: 15_000 }).toBe(1);
  await page.reload();
  await expect(page.getByTestId("failed-deliveries").getByTestId("delivery-row")).toHaveCount(1);
  await expect(page.getByTestId("recent-deliveries").getByTestId("delivery-row")).toHaveCount(1);
  await expect(page.getByTestId("failed-deliveries-link")).toHaveAttribute("href", `/deliveries?destination=${destinationId}&status=failed`);
  await expect(page.getByTestId("healthy-again")).toHaveCount(0);

  // Fixed: a test delivery succeeds, and the page offers to retry the failed one.
  sink.answer = { status: 200, body: '{"ok":true}' };
  await testCard.getByRole("button", { name: "Send a test delivery" }).click();
  await expect(testOutcome).toHaveAttribute("data-ok", "true");
  await expect(testOutcome).toContainText("Delivered: the endpoint answered HTTP 200");
  const banner = page.getByTestId("healthy-again");
  await expect(banner).toContainText(`${name} is healthy again`);
  await expect(banner).toContainText("a test delivery just succeeded");
  await banner.getByRole("button", { name: "Retry 1 failed" }).click();

  await expect(page).toHaveURL(/[?&]operation=[0-9a-f-]{36}/);
  const progress = page.getByTestId("bulk-operation");
  await expect(progress.getByTestId("bulk-retry-succeeded")).toHaveAttribute("data-count", "1", { timeout: 30_000 });
  await expect(progress.getByTestId("bulk-retry-failed")).toHaveAttribute("data-count", "0");
  await expect(progress.getByTestId("bulk-retry-retrying")).toHaveAttribute("data-count", "0");
  await expect(progress.getByTestId("bulk-operation-summary")).toHaveText("Done: 1 retried");
  expect(sink.requests.at(-1)?.body).toContain("Invoice overdue");

  // The endpoint goes down: the test delivery says it could not connect.
  await sink.close();
  sinkOpen = false;
  await testCard.getByRole("button", { name: "Send a test delivery" }).click();
  await expect(testOutcome).toHaveAttribute("data-ok", "false");
  await expect(testOutcome).toContainText(/Failed: .*refused/i);
});
