// A destination end to end in the UI: create it (a loopback URL, so "Allow private network"), see
// its signing secret once, pause and resume it, and delete it.
import { expect, test } from "@playwright/test";

test("a destination: private-network URL check, secret shown once, pause, resume and delete", async ({ page }) => {
  const name = `Receiver ${Date.now()}`;

  await page.goto("/");
  await page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link", { name: "Destinations" }).click();
  await expect(page.getByRole("heading", { name: "Destinations", exact: true })).toBeVisible();
  await page.getByRole("link", { name: "New destination" }).click();

  await page.getByLabel("Name", { exact: true }).fill(name);
  await expect(page.getByLabel("Retry schedule")).toHaveValue("5s, 5m, 30m, 2h, 5h, 10h, 10h");
  await page.getByLabel("URL", { exact: true }).fill("http://127.0.0.1:9/hook");
  // The live check refuses a loopback address until the private network is allowed.
  await expect(page.getByTestId("url-check")).toContainText("Allow private network");
  await page.getByLabel("Allow private network").check();
  await expect(page.getByText("may reach private and loopback addresses")).toBeVisible();
  await expect(page.getByTestId("url-check")).toContainText("✓");

  await page.getByRole("button", { name: "Add header" }).click();
  await page.getByLabel("Header 1 name").fill("X-Env");
  await page.getByLabel("Header 1 value").fill("e2e");
  await page.getByRole("button", { name: "Create destination" }).click();

  // The destination page shows the secret once, in memory only.
  await expect(page.getByRole("heading", { name })).toBeVisible();
  const secret = page.getByTestId("one-time-secret-value");
  await expect(secret).toHaveText(/^whsec_[A-Za-z0-9+/=]+$/);
  expect(page.url()).not.toContain("whsec_");
  await expect(page.getByTestId("one-time-secret")).toContainText("webhook-signature");
  await page.getByRole("button", { name: "I've saved it" }).click();
  await expect(page.getByTestId("one-time-secret")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("one-time-secret")).toHaveCount(0);
  await expect(page.getByTestId("secret-row")).toHaveCount(1);
  await expect(page.getByLabel("Header 1 name")).toHaveValue("X-Env");
  // Saved values are hidden until revealed on purpose (an audited action).
  await expect(page.getByLabel("Header 1 value")).toHaveValue("••••••••");
  await page.getByRole("button", { name: /Reveal values/ }).click();
  await expect(page.getByLabel("Header 1 value")).toHaveValue("e2e");
  await expect(page.getByLabel("Allow private network")).toBeChecked();

  // Pause with a reason, shown prominently; then resume.
  await page.getByLabel("Reason (optional)").fill("receiver under maintenance");
  await page.getByRole("button", { name: "Pause destination" }).click();
  await expect(page.getByTestId("paused-notice")).toContainText("receiver under maintenance");
  await page.getByRole("button", { name: "Resume destination" }).click();
  await expect(page.getByRole("button", { name: "Pause destination" })).toBeVisible();
  await expect(page.getByTestId("paused-notice")).toHaveCount(0);

  // Delete: the dialog wants the name typed.
  await page.getByRole("button", { name: "Delete destination…" }).click();
  const dialog = page.getByRole("dialog");
  const confirm = dialog.getByRole("button", { name: "Delete destination" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/to confirm/).fill(name);
  await confirm.click();
  await expect(page).toHaveURL(/\/destinations\?/);
  await expect(page.getByText(`Deleted “${name}”.`)).toBeVisible();
  await expect(page.getByRole("link", { name })).toHaveCount(0);
});
