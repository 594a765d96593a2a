// Live views: with the events page open, a webhook sent to a source shows up without a reload; with
// live updates paused it is counted instead, and shown on resuming. The overview's figures follow
// new traffic the same way.
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";

async function createGitHubSource(page: Page): Promise<{ id: string; name: string; ingestUrl: string; secret: string }> {
  const name = `Live ${randomBytes(4).toString("hex")}`;
  const secret = randomBytes(20).toString("hex");
  // The dashboard's session cookie is accepted by /api/v1.
  const response = await page.request.post("/api/v1/sources", { data: { name, scheme: "github", secret } });
  expect(response.status()).toBe(201);
  const { data } = (await response.json()) as { data: { id: string; ingestUrl: string } };
  return { id: data.id, name, ingestUrl: data.ingestUrl, secret };
}

async function sendSigned(ingestUrl: string, secret: string, title: string) {
  const body = JSON.stringify({ action: "opened", issue: { number: 7, title } });
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
}

test("new events appear on the open events page without a reload, and wait while paused", async ({ page }) => {
  const source = await createGitHubSource(page);
  await page.goto("/events");
  const toggle = page.getByRole("button", { name: "Live updates" });
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  const rows = page.getByTestId("event-rows").getByRole("row").filter({ hasText: source.name });
  await expect(rows).toHaveCount(0);
  // Set on this document: it survives an in-place refresh, not a navigation or reload.
  await page.evaluate(() => ((window as unknown as { liveMarker: string }).liveMarker = "still here"));

  await sendSigned(source.ingestUrl, source.secret, "first");
  await expect(rows).toHaveCount(1);
  // The worker's routing is shown live too; wait for it so it is not counted as a change below.
  await expect(rows.getByText("no rule matched")).toBeVisible();

  // Paused: the next event is counted, not shown, until resumed.
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await expect(toggle).toHaveText("Paused");
  await sendSigned(source.ingestUrl, source.secret, "second");
  const newUpdates = page.getByRole("button", { name: "1 new update" });
  await expect(newUpdates).toBeVisible();
  await expect(rows).toHaveCount(1);
  await newUpdates.click();
  await expect(rows).toHaveCount(2);
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(newUpdates).toHaveCount(0);

  expect(await page.evaluate(() => (window as unknown as { liveMarker?: string }).liveMarker)).toBe("still here");
});

test("the overview counts new events and shows a failing destination as it happens", async ({ page }) => {
  // A destination that always answers 500, and a rule forwarding every event of a new source to it.
  const failing = createServer((_request, response) => response.writeHead(500).end("broken"));
  await new Promise<void>((resolve) => failing.listen(0, "127.0.0.1", resolve));
  try {
    const source = await createGitHubSource(page);
    const destinationName = `Broken ${randomBytes(4).toString("hex")}`;
    const destination = await page.request.post("/api/v1/destinations", {
      data: { name: destinationName, url: `http://127.0.0.1:${(failing.address() as AddressInfo).port}/hook`, allowPrivateNetwork: true },
    });
    expect(destination.status()).toBe(201);
    const destinationId = ((await destination.json()) as { data: { id: string } }).data.id;
    const rule = await page.request.post(`/api/v1/sources/${source.id}/rules`, {
      data: { name: "Everything", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [destinationId] }] },
    });
    expect(rule.status()).toBe(201);

    await page.goto("/?range=hour");
    await expect(page.getByRole("link", { name: "Last hour" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("img", { name: /^Events received, last hour/ })).toBeVisible();
    await expect(page.getByRole("img", { name: /^Deliveries by outcome, last hour/ })).toBeVisible();
    const eventsReceived = page.locator("dl div").filter({ hasText: "Events received" }).locator("dd");
    const before = Number((await eventsReceived.textContent())?.replaceAll(",", ""));
    await page.evaluate(() => ((window as unknown as { liveMarker: string }).liveMarker = "still here"));

    await sendSigned(source.ingestUrl, source.secret, "one");
    await sendSigned(source.ingestUrl, source.secret, "two");
    await expect(eventsReceived).toHaveText(String(before + 2));
    // Its deliveries are retrying (not failed for good yet): it is failing now, apart from history.
    const failingNow = page.getByTestId("failing-now");
    await expect(failingNow.getByRole("link", { name: destinationName })).toHaveAttribute("href", `/destinations/${destinationId}`);
    await expect(failingNow).toContainText(/\d+ deliver(y|ies) retrying/);
    await expect(page.getByTestId("stat-failing-now").locator("dd").first()).not.toHaveText("0");
    await expect(page.getByTestId("queue-rows").getByRole("row").filter({ hasText: "route-event" })).toBeVisible();
    // Routing and delivery queues count the events and deliveries their jobs carry; others, jobs.
    await expect(page.getByTestId("queue-waiting-route-event")).toHaveText(/^[\d,]+ events?(in [\d,]+ jobs?)?$/);
    await expect(page.getByTestId("queue-waiting-retention")).toHaveText(/^[\d,]+ jobs?$/);
    // The launcher's worker writes its metrics every 5 s, so it is heard from: no "No worker is running".
    await expect(page.getByTestId("no-worker-notice")).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { liveMarker?: string }).liveMarker)).toBe("still here");
  } finally {
    await new Promise<void>((resolve) => failing.close(() => resolve()));
  }
});

test("an event's page shows a change made while it was still connecting to the stream", async ({ page }) => {
  const source = await createGitHubSource(page);
  await sendSigned(source.ingestUrl, source.secret, "caught up");
  const listed = await page.request.get(`/api/v1/events?source=${source.id}&limit=1`);
  const eventId = ((await listed.json()) as { data: Array<{ id: string }> }).data[0]!.id;
  const tagsOf = async () => ((await (await page.request.get(`/api/v1/events/${eventId}`)).json()) as { data: { status: string; tags: string[] } }).data;
  await expect.poll(async () => (await tagsOf()).status).toBe("unmatched");

  // The page renders, but its live stream is held back at the browser: it is not listening yet.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/stream", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`/events/${eventId}`);
  await expect(page.getByText("Signature verified")).toBeVisible();
  await expect(page.getByTestId("event-tags")).toHaveCount(0);

  // Meanwhile a rule tags it and the event is replayed: the change is announced to nobody.
  const rule = await page.request.post(`/api/v1/sources/${source.id}/rules`, {
    data: { name: "Tag it", conditions: { combinator: "and", rules: [] }, actions: [{ type: "addTags", tags: ["caught-up"] }] },
  });
  expect(rule.status()).toBe(201);
  expect((await page.request.post(`/api/v1/events/${eventId}/replay`, { data: {} })).status()).toBe(202);
  await expect.poll(async () => await tagsOf()).toEqual(expect.objectContaining({ status: "routed", tags: ["caught-up"] }));

  // Once the stream listens, the page looks again, and shows what it missed.
  release();
  await expect(page.getByTestId("event-tags")).toContainText("caught-up");
});
