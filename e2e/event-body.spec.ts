// An event's body as it was received: keys in their order, odd spacing, a number JavaScript would
// round: the "As received" view shows those exact characters, "Pretty" indents them without
// reordering, Copy copies them, Download saves the exact bytes.
import { readFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";

test("shows, copies and downloads the body exactly as received", async ({ page, context }) => {
  const stamp = randomBytes(4).toString("hex");
  const source = await page.request.post("/api/v1/sources", { data: { name: `Raw bodies ${stamp}`, scheme: "none" } });
  const { ingestUrl } = ((await source.json()) as { data: { ingestUrl: string } }).data;
  const raw = `{"z": 1,  "10":"ten","amount":12345678901234567890,"stamp":"${stamp}","nested":{"b":1.50,"a":[]}}`;
  const posted = await fetch(ingestUrl, { method: "POST", headers: { "content-type": "application/json" }, body: raw });
  expect(posted.status).toBe(200);
  const { eventId } = (await posted.json()) as { eventId: string };

  await page.goto(`/events/${eventId}`);
  const body = page.getByTestId("event-body");
  // Pretty: indented, in the order received (JSON.parse would put "10" first), numbers as written.
  await expect(body).toHaveAttribute("data-view", "pretty");
  const pretty = (await body.textContent()) ?? "";
  expect(pretty).toBe(
    `{\n  "z": 1,\n  "10": "ten",\n  "amount": 12345678901234567890,\n  "stamp": "${stamp}",\n  "nested": {\n    "b": 1.50,\n    "a": []\n  }\n}`,
  );
  await expect(page.getByTestId("body-description")).toHaveText(/application\/json/);

  // As received: the very characters.
  await page.getByRole("tab", { name: "As received" }).click();
  await expect(body).toHaveAttribute("data-view", "raw");
  expect(await body.textContent()).toBe(raw);

  // Copy puts them on the clipboard.
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: "Copy as received" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(raw);

  // Download saves the exact bytes, named after the event.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download" }).click()]);
  expect(download.suggestedFilename()).toBe(`event-${eventId}.json`);
  expect(await readFile((await download.path()) ?? "", "utf8")).toBe(raw);
});
