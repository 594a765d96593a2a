// Ordering per key in the browser: an ordering key set in the destination form, a key blocked by a
// head that failed for good shown on the destination page (with what waits behind it), and Skip
// letting the next one of the key go while Retry is offered beside it.
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { startSink } from "./sink";

test("an ordering key set in the form; a blocked key shown with Retry and Skip, and Skip unblocks it", async ({ page }) => {
  const sink = await startSink();
  sink.answer = { status: 500, body: '{"error":"down"}' };
  try {
    const name = `Ordered ${randomBytes(3).toString("hex")}`;
    await page.goto("/destinations/new");
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("URL", { exact: true }).fill(sink.url);
    await page.getByLabel("Allow private network").check();
    await page.getByLabel("Retry schedule").fill("");
    await page.getByLabel("Ordering key (optional)").fill("{{issue.title");
    await page.getByRole("button", { name: "Create destination" }).click();
    await expect(page.getByText(/is not closed with/)).toBeVisible();
    await page.getByLabel("Ordering key (optional)").fill("{{issue.title}}");
    await page.getByRole("button", { name: "Create destination" }).click();
    await expect(page.getByRole("heading", { name })).toBeVisible();
    const destinationId = page.url().split("/destinations/")[1]!.split(/[?#]/)[0]!;
    await expect(page.getByTestId("blocked-keys")).toContainText("Ordered by {{issue.title}}");
    await expect(page.getByTestId("blocked-keys")).toContainText("No key is blocked.");

    // A GitHub source forwarding to it; two events of the key "Printer": the first fails for good.
    const secret = randomBytes(20).toString("hex");
    const source = await page.request.post("/api/v1/sources", { data: { name: `Tracker ${randomBytes(3).toString("hex")}`, scheme: "github", secret } });
    const { id: sourceId, ingestUrl } = ((await source.json()) as { data: { id: string; ingestUrl: string } }).data;
    const rule = await page.request.post(`/api/v1/sources/${sourceId}/rules`, {
      data: { name: "Forward everything", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [destinationId] }] },
    });
    expect(rule.status()).toBe(201);
    const send = async (title: string) => {
      const body = JSON.stringify({ action: "opened", issue: { title } });
      const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
      const response = await fetch(ingestUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hub-signature-256": signature, "x-github-event": "issues", "x-github-delivery": randomUUID() },
        body,
      });
      expect(response.status).toBe(200);
    };
    await send("Printer");
    await expect.poll(() => sink.requests.length, { timeout: 15_000 }).toBe(1);
    sink.answer = { status: 200, body: "{}" };
    await send("Printer");

    // The second event is acknowledged before the worker routes it; the card is rendered on the
    // server, so reload until the routed one shows up behind the blocked head.
    const blocked = page.getByTestId("blocked-key");
    await expect(async () => {
      await page.reload();
      await expect(blocked).toHaveCount(1, { timeout: 1_000 });
      await expect(blocked).toContainText("1 waiting behind it", { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(blocked.getByTestId("blocked-key-name")).toHaveText("Printer");
    await expect(blocked).toContainText("blocked: its head failed for good");
    await expect(blocked.getByRole("button", { name: "Retry" })).toBeVisible();
    // Nothing was sent for the one behind it.
    expect(sink.requests).toHaveLength(1);

    await page.screenshot({ path: "test-results/ordering-blocked-key.png", fullPage: true });
    // Skip: the key is no longer blocked, and the one behind the head is delivered.
    await blocked.getByRole("button", { name: "Skip" }).click();
    await expect(page.getByTestId("blocked-keys")).toContainText("No key is blocked.", { timeout: 15_000 });
    await expect.poll(() => sink.requests.length, { timeout: 15_000 }).toBe(2);
  } finally {
    await sink.close();
  }
});
