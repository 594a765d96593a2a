// GET /metrics on the real web server takes a scrape token (which opens nothing else: see
// app/api/v1/roles-api.int.test.ts) and any API token, and stops taking a disabled owner's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { db, disconnectDb } from "@/lib/db";
import { createTestUser, TEST_ACTOR } from "@/lib/testing/factories";
import { startWebServer } from "@/lib/testing/start-web-server";

let web: Awaited<ReturnType<typeof startWebServer>>;

beforeAll(async () => {
  web = await startWebServer();
});

afterAll(async () => {
  await web.close();
  await disconnectDb();
});

async function scrape(token: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${web.port}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
  return response.status;
}

describe("GET /metrics and token kinds", () => {
  it("answers a scrape token and a viewer's API token, and refuses them once the owner is disabled", async () => {
    const owner = await createTestUser({ role: "admin" });
    const scrapeToken = (await createApiToken({ userId: owner.id, name: "prometheus", kind: "scrape", role: "viewer", actor: TEST_ACTOR })).token;
    const viewer = await createTestUser({ role: "viewer" });
    const viewerToken = (await createApiToken({ userId: viewer.id, name: "grafana", actor: TEST_ACTOR })).token;
    expect(await scrape(scrapeToken)).toBe(200);
    expect(await scrape(viewerToken)).toBe(200);
    await db().user.update({ where: { id: owner.id }, data: { disabledAt: new Date() } });
    expect(await scrape(scrapeToken)).toBe(401);
  });
});
