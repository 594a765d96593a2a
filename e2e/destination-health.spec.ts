// A destination whose receiver keeps failing pauses itself: with "pause after 2 failures in a
// row" and a receiver answering 500, the destination page shows the red banner (live, without a
// reload), the list shows it failing, and resuming from the banner says how the waiting
// deliveries will be sent.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { postWebhook } from "./fixtures";

test("a destination failing twice in a row pauses itself, shows the banner, and resumes gradually", async ({ page }) => {
  let status = 500;
  let received = 0;
  const receiver = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      received += 1;
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  try {
    const name = `Flaky receiver ${Date.now()}`;
    // The dashboard's session cookie is accepted by /api/v1.
    const created = await page.request.post("/api/v1/destinations", {
      data: { name, url, allowPrivateNetwork: true, autoPauseAfter: 2, retrySchedule: [], maxConcurrency: 1 },
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
    await expect(page.getByTestId("auto-pause-banner")).toHaveCount(0);
    await expect(page.getByLabel("Pause after failures in a row")).toHaveValue("2");

    for (const index of [1, 2]) expect((await postWebhook(ingestUrl, { n: index })).status).toBe(200);
    // Shown live: the page refreshes when the destination changes.
    const banner = page.getByTestId("auto-pause-banner");
    await expect(banner).toBeVisible();
    await expect(banner).toContainText("Paused automatically after 2 consecutive failed attempts (last: HTTP 500)");
    await expect(page.getByTestId("consecutive-failures")).toHaveText("2");
    await expect(page.getByTestId("last-error")).toContainText("HTTP 500");
    await expect(page.getByTestId("paused-notice")).toHaveCount(0);
    expect(received).toBe(2);

    // One more event waits while it is paused.
    expect((await postWebhook(ingestUrl, { n: 3 })).status).toBe(200);
    await expect(async () => {
      await page.reload();
      await expect(banner).toContainText("1 waiting delivery is held", { timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    await expect(banner.getByTestId("drain-explanation")).toContainText("5 per second");

    await page.goto("/destinations");
    const row = page.getByTestId("destination-rows").getByRole("row").filter({ hasText: name });
    await expect(row.getByText("paused: failing")).toBeVisible();
    await expect(row.getByText("2 failing in a row")).toBeVisible();
    await expect(row.getByTestId("health-cell")).toContainText("0% ok");

    // The receiver is fixed; resume from the banner.
    status = 200;
    await row.getByRole("link", { name }).click();
    await page.getByTestId("auto-pause-banner").getByRole("button", { name: "Resume destination" }).click();
    await expect(page.getByTestId("resumed-notice")).toContainText("Resumed: the 1 waiting delivery is being sent now.");
    await expect(page.getByTestId("auto-pause-banner")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Pause destination" })).toBeVisible();
    await expect.poll(() => received, { timeout: 15_000 }).toBe(3);
    await expect(page.getByTestId("consecutive-failures")).toHaveText("0");
  } finally {
    await new Promise((resolve) => receiver.close(resolve));
  }
});
