// A destination whose receiver keeps failing opens its circuit, and closes it by itself once the
// receiver recovers. The e2e server opens a circuit after 20 s and 5 failures in a row (e2e/serve.ts);
// a receiver answering 500, and deliveries retried every second, get there. The destination page
// shows the red banner live (why, the next probe, what is held), the list shows the badge, "Probe
// now" probes at once (and fails: the receiver is still down), then the receiver is fixed and,
// without another click, the page shows the circuit closed and every held delivery arrives.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { admin, postWebhook } from "./fixtures";

test("a failing destination's circuit opens, is probed, and closes by itself when the receiver recovers", async ({ page }) => {
  test.setTimeout(180_000);
  let status = 500;
  const received = new Set<string>();
  const receiver = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      if (status === 200) received.add(String(request.headers["webhook-id"]));
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  try {
    const name = `Flaky receiver ${Date.now()}`;
    // Retried every second, so failures keep coming for longer than the window.
    const created = await page.request.post("/api/v1/destinations", {
      data: { name, url, allowPrivateNetwork: true, retrySchedule: Array.from({ length: 20 }, () => 1), maxConcurrency: 1 },
    });
    expect(created.status()).toBe(201);
    const destination = ((await created.json()) as { data: { id: string } }).data;
    const source = await page.request.post("/api/v1/sources", { data: { name: `Flaky source ${Date.now()}` } });
    expect(source.status()).toBe(201);
    const { id: sourceId, ingestUrl } = ((await source.json()) as { data: { id: string; ingestUrl: string } }).data;
    const rule = await page.request.post(`/api/v1/sources/${sourceId}/rules`, {
      data: { name: "Everything", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [destination.id] }] },
    });
    expect(rule.status()).toBe(201);

    await page.goto(`/destinations/${destination.id}`);
    await expect(page.getByRole("heading", { name })).toBeVisible();
    const card = page.getByTestId("circuit-card");
    await expect(card.getByTestId("circuit-state")).toContainText("closed");
    await expect(card.getByTestId("circuit-history-empty")).toBeVisible();
    await expect(page.getByTestId("circuit-banner")).toHaveCount(0);
    // The per-destination automatic pause is gone from the settings.
    await expect(page.getByLabel("Pause after failures in a row")).toHaveCount(0);

    for (const index of [1, 2]) expect((await postWebhook(ingestUrl, { n: index })).status).toBe(200);
    // Failing for 20 s with 5 attempts in a row opens it; shown live, without a reload.
    const banner = page.getByTestId("circuit-banner");
    await expect(banner).toBeVisible({ timeout: 90_000 });
    await expect(banner).toContainText("Circuit open: deliveries are held");
    await expect(banner).toContainText("Deliveries are held while the endpoint keeps failing; Switchyard tries one delivery at a time");
    await expect(banner.getByTestId("circuit-reason")).toHaveText(/^Why: failing for \d+ s, \d+ attempts in a row \(last: HTTP 500\)\.$/);
    await expect(banner.getByTestId("next-probe")).toHaveText(/^(in \d+ s|due now)$/);
    await expect(card.getByTestId("circuit-state")).toContainText("open");
    await expect(card.getByTestId("circuit-history")).toContainText("opened");
    await expect(page.getByTestId("last-error")).toContainText("HTTP 500");
    // Not paused: the operator's pause is a different thing.
    await expect(page.getByTestId("paused-notice")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Pause destination" })).toBeVisible();

    // A new event while open waits, uncharged.
    expect((await postWebhook(ingestUrl, { n: 3 })).status).toBe(200);
    await expect(banner.getByTestId("drain-explanation")).toContainText(/^\d+ waiting deliver(y is|ies are) held, none of them charged an attempt/);

    await page.goto("/destinations");
    const row = page.getByTestId("destination-rows").getByRole("row").filter({ hasText: name });
    await expect(row.getByTestId("circuit-badge")).toHaveText(/^Circuit open · next probe (in \d+ s|due now)$/);
    await expect(row.getByText("active")).toBeVisible();

    // Probe now, while the receiver is still down: the probe fails and the next one waits longer.
    await row.getByRole("link", { name }).click();
    await page.getByTestId("circuit-banner").getByRole("button", { name: "Probe now" }).click();
    await expect(card.getByTestId("circuit-history")).toContainText(/probe failed: HTTP 500; next probe in (20|40|60) s/);
    await expect(page.getByTestId("circuit-banner")).toContainText(/\d+ probes? failed/);

    // The receiver is fixed. No click: the next probe succeeds and the circuit closes by itself.
    status = 200;
    await expect(page.getByTestId("circuit-closed-notice")).toContainText("probe succeeded: HTTP 200", { timeout: 90_000 });
    await expect(page.getByTestId("circuit-banner")).toHaveCount(0);
    await expect(card.getByTestId("circuit-state")).toContainText("closed");
    await expect(card.getByTestId("circuit-history").getByRole("row").first()).toContainText("probe succeeded: HTTP 200");
    // Every held delivery arrives, drained after the probe's.
    await expect.poll(() => received.size, { timeout: 30_000 }).toBe(3);
    await expect(page.getByTestId("consecutive-failures")).toHaveText("0");

    // The audit log has who asked for the probe, and the system opening and closing the circuit.
    await page.goto("/settings/audit?type=destination");
    const entries = page.getByTestId("audit-log").getByRole("row").filter({ hasText: name });
    await expect(entries.filter({ hasText: "Requested a probe" })).toContainText(admin.email);
    await expect(entries.filter({ hasText: "Circuit opened" })).toContainText("system");
    await expect(entries.filter({ hasText: "Circuit closed" })).toContainText("probe succeeded: HTTP 200");
  } finally {
    await new Promise((resolve) => receiver.close(resolve));
  }
});
