// A verifying source end to end: create it with a pasted GitHub secret, send a test event, rotate
// the secret, see a wrongly signed request refused and listed, disable it, and delete it.
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";

function githubHeaders(body: string, secret: string): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
    "x-github-event": "issues",
    "x-github-delivery": randomUUID(),
  };
}

async function postSigned(url: string, secret: string): Promise<Response> {
  const body = JSON.stringify({ action: "opened", issue: { number: 7, title: "From the e2e test" } });
  return fetch(url, { method: "POST", headers: githubHeaders(body, secret), body });
}

test("a GitHub source: test event, rotation, a refused request, disable and delete", async ({ page }) => {
  const name = `GitHub ${Date.now()}`;
  const pasted = randomBytes(20).toString("hex");

  await page.goto("/sources");
  await page.getByRole("link", { name: "New source" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("radio", { name: "GitHub" }).check();
  await page.getByLabel("Signing secret").fill(pasted);
  await page.getByRole("button", { name: "Create source" }).click();

  // The source page shows the secret once, in memory only: not in the URL.
  await expect(page.getByRole("heading", { name })).toBeVisible();
  expect(page.url()).not.toContain(pasted);
  await expect(page.getByTestId("one-time-secret-value")).toHaveText(pasted);
  await page.getByRole("button", { name: "I've saved it" }).click();
  await expect(page.getByTestId("one-time-secret")).toHaveCount(0);
  await expect(page.getByText("X-Hub-Signature-256").first()).toBeVisible();
  const ingestUrl = (await page.getByTestId("ingest-url").textContent())?.trim() ?? "";
  expect(ingestUrl).toMatch(/\/in\/[A-Za-z0-9_-]{32}$/);
  await expect(page.getByTestId("curl-command")).toContainText("x-hub-signature-256: sha256=");

  // Send a test event: signed with the stored secret, accepted, and linked.
  await page.getByRole("button", { name: "Send a test event" }).click();
  await expect(page.getByTestId("test-event-status")).toHaveText("200");
  const eventLink = page.getByRole("link", { name: "Open the stored event" });
  await expect(eventLink).toHaveAttribute("href", /^\/events\/[0-9a-f-]{36}$/);

  // Reveal shows the pasted secret in place; Hide hides it.
  await page.getByTestId("secret-row").first().getByRole("button", { name: "Reveal" }).click();
  await expect(page.getByTestId("revealed-secret")).toHaveText(pasted);
  await page.getByRole("button", { name: "Hide" }).click();
  await expect(page.getByTestId("revealed-secret")).toHaveCount(0);

  // Rotate: a generated secret, shown once; the old one keeps verifying for the overlap.
  await page.getByRole("button", { name: "Rotate secret…" }).click();
  await expect(page.getByLabel("Keep the current secrets working for (hours)")).toHaveValue("24");
  await page.getByRole("button", { name: "Rotate secret", exact: true }).click();
  const fresh = page.getByTestId("one-time-secret-value");
  await expect(fresh).toHaveText(/^[0-9a-f]{64}$/);
  const rotated = (await fresh.textContent())?.trim() ?? "";
  expect(rotated).not.toBe(pasted);
  await expect(page.getByTestId("secret-row")).toHaveCount(2);
  await expect(page.getByTestId("secret-row").filter({ hasText: "expires" })).toHaveCount(1);
  await page.reload();
  await expect(page.getByTestId("one-time-secret")).toHaveCount(0);

  expect((await postSigned(ingestUrl, rotated)).status).toBe(200);
  expect((await postSigned(ingestUrl, pasted)).status).toBe(200);

  // A request signed with a wrong secret is refused, and listed under Recent rejections.
  const refused = await postSigned(ingestUrl, "not-the-secret");
  expect(refused.status).toBe(401);
  await page.reload();
  const rejection = page.getByTestId("rejection-rows").getByRole("row").first();
  await expect(rejection).toContainText("401");
  await expect(rejection).toContainText("did not match");

  // Disabled: the receiver answers 410.
  await page.getByRole("button", { name: "Disable source" }).click();
  await expect(page.getByRole("button", { name: "Enable source" })).toBeVisible();
  expect((await postSigned(ingestUrl, rotated)).status).toBe(410);

  // Delete: the dialog counts the stored events and wants the name typed.
  await page.getByRole("button", { name: "Delete source…" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("3 stored events");
  const confirm = dialog.getByRole("button", { name: /^Delete source and/ });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/to confirm/).fill(name);
  await confirm.click();
  await expect(page).toHaveURL(/\/sources\?/);
  await expect(page.getByText(`Deleted “${name}” and its 3 stored events.`)).toBeVisible();
  await expect(page.getByRole("link", { name })).toHaveCount(0);
  expect((await postSigned(ingestUrl, rotated)).status).toBe(404);
});
