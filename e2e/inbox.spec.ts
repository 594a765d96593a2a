// Inboxes: an operator creates one and an inbox token in the dashboard; a rule forwards a source's
// events there. An agent process holding only that token pulls, nacks and acks every message; a
// second one streams, is killed (SIGKILL) mid-stream while events keep coming, starts again with
// its Last-Event-ID and ends up having acked every event: none missed.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { postWebhook } from "./fixtures";

const agents: ChildProcess[] = [];
test.afterEach(() => {
  for (const agent of agents) if (agent.exitCode === null) agent.kill("SIGKILL");
});

function agent(args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", "e2e/inbox-agent.ts", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  agents.push(child);
  const acked: string[] = [];
  const received: string[] = [];
  const lines: string[] = [];
  child.stdout.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n").filter(Boolean)) {
      lines.push(line);
      const parsed = JSON.parse(line) as { acked?: string; received?: string };
      if (parsed.acked) acked.push(parsed.acked);
      if (parsed.received) received.push(parsed.received);
    }
  });
  child.stderr.on("data", (chunk: Buffer) => lines.push(chunk.toString()));
  return { child, acked, received, lines };
}

async function createInboxInUi(page: Page, name: string) {
  await page.goto("/destinations");
  await page.getByRole("link", { name: "New inbox" }).click();
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create inbox" }).click();
  await expect(page.getByTestId("inbox-created")).toContainText("whsec_");
  await page.getByRole("link", { name: /Open the inbox/ }).click();
  await expect(page.getByTestId("inbox-card")).toBeVisible();
  const inboxId = page.url().split("/").pop()!;
  await page.getByLabel("Token name").fill("laptop agent");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = ((await page.getByTestId("one-time-secret-value").textContent()) ?? "").trim();
  expect(token).toMatch(/^swyi_[A-Za-z0-9_-]{43}$/);
  await page.screenshot({ path: "test-results/inbox-page.png", fullPage: true });
  return { inboxId, token: token };
}

test("an agent pulls with an inbox token, another streams, is killed and resumes with Last-Event-ID, missing nothing", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const stamp = randomBytes(4).toString("hex");
  const { inboxId, token } = await createInboxInUi(page, `Agent inbox ${stamp}`);
  const api = `${baseURL}/api/v1`;

  const source = await page.request.post("/api/v1/sources", { data: { name: `Agent feed ${stamp}`, scheme: "none" } });
  expect(source.status()).toBe(201);
  const { id: sourceId, ingestUrl } = ((await source.json()) as { data: { id: string; ingestUrl: string } }).data;
  const rule = await page.request.post(`/api/v1/sources/${sourceId}/rules`, {
    data: { name: "To the agent", conditions: { combinator: "and", rules: [] }, actions: [{ type: "forward", destinationIds: [inboxId] }] },
  });
  expect(rule.status()).toBe(201);
  const send = async (n: number) => {
    const response = await postWebhook(ingestUrl, { n, stamp });
    expect(response.status).toBe(200);
    return ((await response.json()) as { eventId: string }).eventId;
  };

  // Pull: each of 5 messages is nacked once, then acked.
  const pulled: string[] = [];
  for (let n = 0; n < 5; n++) pulled.push(await send(n));
  const puller = agent(["pull", api, inboxId, token, "5"]);
  await new Promise((resolve) => puller.child.once("exit", resolve));
  expect(puller.child.exitCode, puller.lines.join("\n")).toBe(0);
  expect(puller.lines.filter((line) => line.includes("nacked"))).toHaveLength(5);
  expect(new Set(puller.acked)).toEqual(new Set(pulled));

  // Stream: killed mid-stream, started again with its Last-Event-ID.
  const stateFile = join(mkdtempSync(join(tmpdir(), "inbox-agent-")), "last-event-id");
  const streamed: string[] = [];
  const first = agent(["stream", api, inboxId, token, stateFile]);
  await expect.poll(() => first.lines.some((line) => line.includes("ready"))).toBe(true);
  for (let n = 0; n < 10; n++) streamed.push(await send(100 + n));
  await expect.poll(() => first.acked.length).toBeGreaterThanOrEqual(3);
  first.child.kill("SIGKILL");
  for (let n = 0; n < 10; n++) streamed.push(await send(200 + n));
  const second = agent(["stream", api, inboxId, token, stateFile]);
  // Every event reached an agent (at least once: one killed between receiving and acking gets it again).
  await expect
    .poll(() => new Set([...first.received, ...second.received]).size, { timeout: 60_000 })
    .toBe(streamed.length)
    .catch(async (error: Error) => {
      // What each agent printed (and whether it exited) tells a stalled stream from a dead one; the
      // inbox's counts and the events' statuses tell a stalled stream from routing that fell behind.
      const said = (name: string, { child, lines }: ReturnType<typeof agent>) => `${name} agent (exit code ${child.exitCode}):\n  ${lines.join("\n  ")}`;
      // Never in the way of the failure itself: a diagnostic that cannot be had says why.
      const inbox = await page.request
        .get(`/api/v1/inboxes/${inboxId}`)
        .then((answer) => answer.text())
        .catch(String);
      const statuses = await page.request
        .get(`/api/v1/events?source=${sourceId}&limit=50`)
        .then(async (answer) => {
          const events = ((await answer.json()) as { data: Array<{ status: string }> }).data;
          return JSON.stringify(events.reduce<Record<string, number>>((counts, event) => ({ ...counts, [event.status]: (counts[event.status] ?? 0) + 1 }), {}));
        })
        .catch(String);
      throw new Error(`${error.message}\n${said("first", first)}\n${said("second", second)}\ninbox: ${inbox}\nevents by status: ${statuses}`);
    });
  expect(new Set([...first.received, ...second.received])).toEqual(new Set(streamed));

  // The inbox page counts them all as acked.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("inbox-card").locator("dd").nth(2)).toHaveText(String(pulled.length + streamed.length), { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await page.screenshot({ path: "test-results/inbox-page-after.png", fullPage: true });
});
