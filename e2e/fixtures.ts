// Shared e2e values and helpers: the admin created by the set-up project, a webhook sender, and
// the rule builder's field picker.
import { expect, type Page } from "@playwright/test";
export const admin = { name: "E2E Admin", email: "admin@e2e.test", password: "a long e2e password" };

export async function postWebhook(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

/** Picks a field in the rule builder's combobox for condition N, by typing part of its path. */
export async function pickField(page: Page, condition: number, search: string, field: string) {
  const combobox = page.getByRole("combobox", { name: `Field of condition ${condition}` });
  await combobox.click();
  await combobox.fill(search);
  await page.getByRole("option", { name: new RegExp(`^${field.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w.[])`) }).click();
  await expect(combobox).toHaveValue(field);
}
