// API tokens: created in Settings and shown once, used on /api/v1 through the real proxy by a
// client that has only the token, then revoked after a confirmation.
import { expect, test } from "@playwright/test";

test("an API token created in Settings works on /api/v1 until it is revoked", async ({ page, playwright, baseURL }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();

  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText("Give the token a name")).toBeVisible();

  await page.getByLabel("Token name").fill("e2e script");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText("won't be shown again")).toBeVisible();
  const token = (await page.getByTestId("new-api-token-value").textContent())?.trim() ?? "";
  expect(token).toMatch(/^swy_[A-Za-z0-9_-]{43}$/);
  const row = page.getByTestId("api-tokens").getByRole("row").filter({ hasText: "e2e script" });
  await expect(row).toContainText(`${token.slice(0, 12)}…`);
  await expect(row.getByText("active")).toBeVisible();

  // Clients without the dashboard's cookie (an explicit empty state: contexts inherit the project's).
  const noCookies = { cookies: [], origins: [] };
  const withToken = await playwright.request.newContext({ baseURL, storageState: noCookies, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const anonymous = await playwright.request.newContext({ baseURL, storageState: noCookies });
  const created = await withToken.post("/api/v1/sources", { data: { name: "Made by the API", scheme: "github" } });
  expect(created.status()).toBe(201);
  const { data, secret } = (await created.json()) as { data: { id: string }; secret: string };
  expect(secret).toEqual(expect.any(String));
  const listed = (await (await withToken.get("/api/v1/sources")).json()) as { data: Array<{ id: string }> };
  expect(listed.data.map((source) => source.id)).toContain(data.id);
  const invalid = await withToken.post("/api/v1/sources", { data: { name: "x", ipAllowlist: ["not-a-cidr"] } });
  expect(invalid.status()).toBe(400);
  expect(await invalid.json()).toMatchObject({ error: { code: "invalid_request", details: [{ path: ["ipAllowlist", 0] }] } });

  // The dashboard's own session works too; without either, 401. The OpenAPI document is public.
  expect((await page.request.get(`/api/v1/sources/${data.id}`)).status()).toBe(200);
  expect((await anonymous.get("/api/v1/sources")).status()).toBe(401);
  const spec = await anonymous.get("/api/v1/openapi.json");
  expect(spec.status()).toBe(200);
  expect(await spec.json()).toMatchObject({ openapi: "3.1.0", servers: [{ url: `${baseURL}/api/v1` }] });

  // Shown once: after a reload only its prefix is left.
  await page.reload();
  await expect(page.getByTestId("new-api-token")).toHaveCount(0);
  await expect(row).toContainText(`${token.slice(0, 12)}…`);

  await row.getByRole("button", { name: "Revoke e2e script" }).click();
  await expect(row.getByText("Anything using it gets 401")).toBeVisible();
  await row.getByRole("button", { name: "Revoke", exact: true }).click();
  await expect(row.getByText("revoked")).toBeVisible();
  const refused = await withToken.get("/api/v1/sources");
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toMatchObject({ error: { code: "unauthorized" } });

  await withToken.dispose();
  await anonymous.dispose();
});
