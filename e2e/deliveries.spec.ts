// Deliveries: a destination whose endpoint answers 500 shows failed deliveries with the response on
// the event page and the deliveries list; once the endpoint is fixed, "Retry" delivers it and the
// page shows it succeeded without a reload. Then a bulk retry of 50 failed deliveries runs to the
// end with its progress on the page, and the endpoint receives all 50. The audit log records who
// retried what.
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { admin } from "./fixtures";
import { startSink, type Sink } from "./sink";

let sink: Sink;
test.beforeEach(async () => {
  sink = await startSink();
  sink.answer = { status: 500, body: '{"error":"database is down"}' };
});
test.afterEach(async () => {
  await sink.close();
});

interface Setup {
  destinationId: string;
  destinationName: string;
  ingestUrl: string;
  secret: string;
}

/** A destination at the sink (no retries), a GitHub source and a rule forwarding everything to it. */
async function setUp(page: Page): Promise<Setup> {
  const stamp = randomBytes(4).toString("hex");
  const destinationName = `Failing desk ${stamp}`;
  // The dashboard's session cookie is accepted by /api/v1.
  const destination = await page.request.post("/api/v1/destinations", {
    data: { name: destinationName, url: sink.url, allowPrivateNetwork: true, retrySchedule: [] },
  });
  expect(destination.status()).toBe(201);
  const destinationId = ((await destination.json()) as { data: { id: string } }).data.id;

  const secret = randomBytes(20).toString("hex");
  const source = await page.request.post("/api/v1/sources", { data: { name: `Tracker ${stamp}`, scheme: "github", secret } });
  expect(source.status()).toBe(201);
  const { id: sourceId, ingestUrl } = ((await source.json()) as { data: { id: string; ingestUrl: string } }).data;

  const rule = await page.request.post(`/api/v1/sources/${sourceId}/rules`, {
    data: { name: "Forward everything", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [destinationId] }] },
  });
  expect(rule.status()).toBe(201);
  return { destinationId, destinationName, ingestUrl, secret };
}

async function sendSigned(setup: Setup, title: string): Promise<string> {
  const body = JSON.stringify({ action: "opened", issue: { title } });
  const response = await fetch(setup.ingestUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-hub-signature-256": `sha256=${createHmac("sha256", setup.secret).update(body).digest("hex")}`,
      "x-github-event": "issues",
      "x-github-delivery": randomUUID(),
    },
    body,
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { eventId: string }).eventId;
}

/** Distinct deliveries (webhook-id) among the sink's requests from `from` on; a receiver may see one twice (at least once). */
function deliveredIds(from = 0): Set<string> {
  return new Set(sink.requests.slice(from).map((request) => String(request.headers["webhook-id"])));
}

/** How many of the destination's deliveries have this status, through the API. */
async function countWithStatus(page: Page, destinationId: string, status: string): Promise<number> {
  const response = await page.request.get(`/api/v1/deliveries?destination=${destinationId}&status=${status}&limit=200`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { data: unknown[] }).data.length;
}

test("a failed delivery shows the 500 and its body, and Retry delivers it once the endpoint is fixed, live", async ({ page }) => {
  const setup = await setUp(page);
  const eventId = await sendSigned(setup, "Printer on fire");
  await expect.poll(() => countWithStatus(page, setup.destinationId, "failed"), { timeout: 15_000 }).toBe(1);

  // The event page: the delivery failed, with the attempt's response.
  await page.goto(`/events/${eventId}`);
  const onEvent = page.getByTestId("delivery").filter({ hasText: setup.destinationName });
  await expect(onEvent).toContainText("failed");
  await expect(onEvent).toContainText("1 attempt");
  await onEvent.getByText("HTTP 500").click();
  await expect(onEvent.locator("pre").filter({ hasText: "database is down" })).toBeVisible();
  await expect(onEvent.getByRole("button", { name: "Retry" })).toBeVisible();

  // The deliveries list, filtered to this destination: the same, with the response's start.
  await page.goto(`/deliveries?destination=${setup.destinationId}`);
  const row = page.getByTestId("delivery-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("failed");
  await expect(row).toContainText("HTTP 500");
  await expect(row).toContainText('{"error":"database is down"}');
  await expect(page.getByTestId("active-filters")).toContainText(setup.destinationName);

  // The endpoint is fixed; one click, and the row turns succeeded in place, saying how the retry went.
  sink.answer = { status: 200, body: '{"ok":true}' };
  await page.evaluate(() => ((window as unknown as { deliveriesMarker: string }).deliveriesMarker = "no reload"));
  await row.getByRole("button", { name: "Retry" }).click();
  await expect(row).toContainText("succeeded", { timeout: 15_000 });
  await expect(row).toContainText("2 attempts");
  await expect(row).toContainText("HTTP 200");
  await expect(page.getByTestId("retry-outcome")).toContainText("Retry succeeded: HTTP 200 (attempt 2).");
  await expect(row.getByRole("button", { name: "Retry" })).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { deliveriesMarker?: string }).deliveriesMarker)).toBe("no reload");
  expect(deliveredIds().size).toBe(1);
  expect(sink.requests.at(-1)?.body).toContain("Printer on fire");

  // The event page has both attempts.
  await page.goto(`/events/${eventId}`);
  await expect(onEvent).toContainText("succeeded");
  await expect(onEvent).toContainText("2 attempts");

  // The audit log says who retried it, and links to its event.
  await page.goto("/settings/audit?type=delivery");
  const entry = page.getByTestId("audit-log").getByRole("row").filter({ hasText: setup.destinationName });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText("Retried delivery");
  await expect(entry).toContainText(admin.email);
  await expect(entry).toContainText("was failed");
  await entry.getByRole("link", { name: new RegExp(`→ ${setup.destinationName}$`) }).click();
  await expect(page).toHaveURL(new RegExp(`/events/${eventId}$`));
});

test("a delivery whose request is out shows its attempt in progress, then the attempt once answered", async ({ page }) => {
  const setup = await setUp(page);
  let answer!: () => void;
  sink.hold = new Promise<void>((resolve) => (answer = resolve));
  sink.answer = { status: 200, body: '{"ok":true}' };
  const eventId = await sendSigned(setup, "Slow endpoint");
  await expect.poll(() => sink.requests.length).toBe(1);

  await page.goto(`/deliveries?destination=${setup.destinationId}`);
  const row = page.getByTestId("delivery-row");
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("attempt-in-progress")).toHaveText("Attempt in progress");
  await expect(row).not.toContainText("Not attempted yet");

  await page.goto(`/events/${eventId}`);
  const onEvent = page.getByTestId("delivery").filter({ hasText: setup.destinationName });
  await expect(onEvent).toContainText("pending");
  await expect(onEvent.getByTestId("attempt-in-progress")).toBeVisible();

  // Answered: the page follows live to the recorded attempt.
  answer();
  await expect(onEvent).toContainText("succeeded");
  await expect(onEvent).toContainText("HTTP 200");
  await expect(onEvent.getByTestId("attempt-in-progress")).toHaveCount(0);
});

test("a bulk retry of 50 failed deliveries shows its progress and delivers all 50", async ({ page }) => {
  test.setTimeout(120_000);
  const setup = await setUp(page);
  for (let sent = 0; sent < 50; sent += 10) {
    await Promise.all(Array.from({ length: 10 }, (_, index) => sendSigned(setup, `Ticket ${sent + index}`)));
  }
  await expect.poll(() => countWithStatus(page, setup.destinationId, "failed"), { timeout: 60_000 }).toBe(50);
  expect(deliveredIds().size).toBe(50);
  // 50 failures in a burst never open the circuit (it takes failing for a while): every one was sent.
  const destination = await page.request.get(`/api/v1/destinations/${setup.destinationId}`);
  expect(((await destination.json()) as { data: { circuit: { state: string } } }).data.circuit.state).toBe("closed");

  sink.answer = { status: 200, body: '{"ok":true}' };
  const fixedAt = sink.requests.length;
  await page.goto(`/deliveries?destination=${setup.destinationId}&status=failed`);
  await page.getByRole("button", { name: "Retry all 50 failed" }).click();
  const dialog = page.getByRole("dialog", { name: "Retry 50 failed deliveries?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Retry 50 deliveries" }).click();

  // The progress, with the operation in the URL so it survives a reload.
  await expect(page).toHaveURL(/[?&]operation=[0-9a-f-]{36}/);
  const progress = page.getByTestId("bulk-operation");
  await expect(progress).toBeVisible();
  await expect(progress.getByRole("progressbar")).toHaveAttribute("aria-valuemax", "50");
  await expect(progress.getByTestId("bulk-operation-summary")).toHaveText("Done: 50 retried", { timeout: 30_000 });
  // How the retries ended, not only that they were queued.
  await expect(progress.getByTestId("bulk-retry-succeeded")).toHaveAttribute("data-count", "50");
  await expect(progress.getByTestId("bulk-retry-failed")).toHaveAttribute("data-count", "0");
  await expect(progress.getByTestId("bulk-retry-retrying")).toHaveAttribute("data-count", "0");
  await expect(progress.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "50");
  await expect(progress.getByRole("button", { name: "Cancel" })).toHaveCount(0);

  await expect.poll(() => countWithStatus(page, setup.destinationId, "succeeded"), { timeout: 30_000 }).toBe(50);
  // The fixed endpoint received all 50, each delivery at least once.
  expect(deliveredIds(fixedAt)).toEqual(deliveredIds());
  await page.reload();
  await expect(page.getByTestId("bulk-operation-summary")).toHaveText("Done: 50 retried");
  // Nothing failed is left to retry.
  await expect(page.getByRole("button", { name: /Retry all/ })).toHaveCount(0);

  // The audit log has the bulk retry with its filter, linked to its progress.
  const operationUrl = page.url();
  await page.goto("/settings/audit?type=bulk_operation");
  const entry = page.getByTestId("audit-log").getByRole("row").filter({ hasText: setup.destinationId });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText("Started bulk operation");
  await expect(entry).toContainText(admin.email);
  await expect(entry).toContainText("50 failed deliveries");
  await entry.getByRole("link", { name: "Bulk retry" }).click();
  await expect(page).toHaveURL(new RegExp(`operation=${new URL(operationUrl).searchParams.get("operation")}$`));
});
