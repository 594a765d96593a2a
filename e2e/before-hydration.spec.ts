// Before a page's script runs, its fields cannot be changed: they hold React state, and hydration
// put back whatever was typed, picked or ticked before it (a rule's name typed early came back
// empty, its Enabled switch flipped back on). The page's scripts are held back here, the way a slow
// connection holds them, and let through once the fields have been looked at.
import { expect, test, type Page } from "@playwright/test";

/** Holds every script chunk of the next page load until the returned function is called. */
async function holdScripts(page: Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/_next/static/chunks/**", async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

test("the rule builder's fields wait for its script, then keep what is typed", async ({ page }) => {
  const sourceName = `Early typist ${Date.now()}`;
  await page.goto("/sources/new");
  await page.getByLabel("Name", { exact: true }).fill(sourceName);
  await page.getByRole("radio", { name: "None: don't verify" }).check();
  await page.getByRole("button", { name: "Create source" }).click();
  await expect(page.getByRole("heading", { name: sourceName })).toBeVisible();
  const sourcePath = new URL(page.url()).pathname;

  const release = await holdScripts(page);
  await page.goto(`${sourcePath}/rules/new`, { waitUntil: "commit" });
  const name = page.getByLabel("Rule name");
  const enabled = page.getByRole("switch", { name: "Enabled" });
  await expect(name).toBeVisible();
  // Server-rendered and not live yet: refused, rather than taken and then lost.
  await expect(name).toBeDisabled();
  await expect(enabled).toBeDisabled();
  await expect(enabled).toBeChecked();

  release();
  await expect(name).toBeEnabled();
  await name.fill("Typed once live");
  await page.getByText("Enabled", { exact: true }).click();
  await page.getByRole("button", { name: "Add condition" }).click();
  await expect(page.getByRole("combobox", { name: "Field of condition 1" })).toBeVisible();
  await expect(name).toHaveValue("Typed once live");
  await expect(enabled).not.toBeChecked();
});

test("a form's fields on any dashboard page wait for its script too", async ({ page }) => {
  const release = await holdScripts(page);
  await page.goto("/destinations/new", { waitUntil: "commit" });
  const name = page.getByLabel("Name", { exact: true });
  await expect(name).toBeVisible();
  await expect(name).toBeDisabled();
  release();
  await expect(name).toBeEnabled();
  await name.fill("Live destination");
  await expect(name).toHaveValue("Live destination");
});
