// Alerts end to end: a real worker (pg-boss, the scheduled evaluation running beside the test's own
// calls), a real SMTP server, a local HTTP sink for the Slack-format and webhook channels.
import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChannel } from "@/lib/alerts/create-channel";
import { deleteChannel } from "@/lib/alerts/delete-channel";
import { evaluateAlerts } from "@/lib/alerts/evaluate-alerts";
import { listAlertRules } from "@/lib/alerts/list-alert-rules";
import { updateAlertRule } from "@/lib/alerts/update-alert-rule";
import { db, disconnectDb } from "@/lib/db";
import { requestProbe } from "@/lib/destinations/request-probe";
import type { AlertRuleKind } from "@/lib/generated/prisma/client";
import { stopSender } from "@/lib/queue";
import { createTestDestination, failUntilOpen, startSink, type Sink } from "@/lib/testing/delivery-fixtures";
import { createTestSource, eventually, TEST_ACTOR } from "@/lib/testing/factories";
import { startSmtpSink, subjectOf, type SmtpSink } from "@/lib/testing/smtp-sink";
import { startWorker } from "@/worker/start-worker";

let worker: Awaited<ReturnType<typeof startWorker>>;
let smtp: SmtpSink;
let chat: Sink;
let endpoint: Sink;
let webhookSecret: string;
const channelIds: string[] = [];
const HOUR_MS = 3_600_000;

/** Only `kind` is evaluated, so conditions other test files leave in the shared database stay quiet. */
async function enableOnly(kind: AlertRuleKind) {
  for (const rule of await listAlertRules()) await updateAlertRule({ id: rule.id, input: { enabled: rule.kind === kind }, actor: TEST_ACTOR });
}

const slackTexts = (name: string) => chat.requests.filter((request) => request.url === "/slack").map((request) => (JSON.parse(request.body.toString()) as { text: string }).text).filter((text) => text.includes(name));
const mailSubjects = (name: string) => smtp.mails.map(subjectOf).filter((subject) => subject.includes(name));

beforeAll(async () => {
  smtp = await startSmtpSink();
  // Read by lib/env on first use, which is after this.
  process.env.SMTP_URL = smtp.url;
  chat = await startSink();
  endpoint = await startSink();
  const slack = await createChannel({ input: { kind: "slack", name: "ops chat", url: `${chat.url}/slack`, allowPrivateNetwork: true }, actor: TEST_ACTOR });
  const email = await createChannel({ input: { kind: "email", name: "ops mail", recipients: ["ops@example.test"] }, actor: TEST_ACTOR });
  const webhook = await createChannel({ input: { kind: "webhook", name: "pager", url: `${chat.url}/hook`, allowPrivateNetwork: true }, actor: TEST_ACTOR });
  webhookSecret = webhook.signingSecret ?? "";
  channelIds.push(slack.channel.id, email.channel.id, webhook.channel.id);
  worker = await startWorker();
});

afterAll(async () => {
  for (const id of channelIds) await deleteChannel({ id, actor: TEST_ACTOR });
  for (const rule of await listAlertRules()) await updateAlertRule({ id: rule.id, input: { enabled: true }, actor: TEST_ACTOR });
  await worker.stop();
  await Promise.all([smtp.close(), chat.close(), endpoint.close()]);
  await stopSender();
  await disconnectDb();
});

describe("alerts", () => {
  it("a failing destination sends exactly one alert e-mail and one Slack message, and a resolved one of each when it recovers", async () => {
    await enableOnly("circuit_open");
    let healthy = false;
    endpoint.reply = () => (healthy ? {} : { status: 503 });
    const destination = await createTestDestination({ url: `${endpoint.url}/orders` });
    await failUntilOpen({ destinationId: destination.id });

    // Twice on purpose (and the worker's own minute may run too): the condition is alerted once.
    await evaluateAlerts();
    await evaluateAlerts();
    await eventually(() => mailSubjects(destination.name).length >= 1 && slackTexts(destination.name).length >= 1, { timeoutMs: 15_000 });
    expect(mailSubjects(destination.name)).toEqual([`[FIRING] Destination circuit opened: ${destination.name}`]);
    expect(smtp.mails.find((mail) => subjectOf(mail).includes(destination.name))).toMatchObject({ to: ["ops@example.test"] });
    const [firing] = slackTexts(destination.name);
    expect(firing).toContain(`*[FIRING] Destination circuit opened: ${destination.name}*`);
    expect(firing).toContain(`/destinations/${destination.id}|Open in Switchyard>`);

    // The generic webhook channel got the same alert as a signed meta-event.
    const signed = await eventually(() => chat.requests.find((request) => request.url === "/hook" && request.body.toString().includes(destination.id)));
    const event = new Webhook(webhookSecret).verify(signed.body.toString(), signed.headers as Record<string, string>) as { type: string; data: { subject: { key: string } } };
    expect(event).toMatchObject({ type: "alert.firing", data: { subject: { key: `destination:${destination.id}` } } });

    // The endpoint recovers; a probe closes the circuit; the next evaluation resolves the alert.
    healthy = true;
    expect(await requestProbe({ id: destination.id, actor: TEST_ACTOR })).toMatchObject({ ok: true });
    await eventually(async () => (await db().destination.findUniqueOrThrow({ where: { id: destination.id } })).circuitState === "closed", { timeoutMs: 15_000 });
    await evaluateAlerts();
    await eventually(() => mailSubjects(destination.name).length >= 2 && slackTexts(destination.name).length >= 2, { timeoutMs: 15_000 });
    expect(mailSubjects(destination.name)).toEqual([`[FIRING] Destination circuit opened: ${destination.name}`, `[RESOLVED] Destination circuit opened: ${destination.name}`]);
    expect(slackTexts(destination.name)[1]).toContain("The circuit closed");

    const alerts = await db().alert.findMany({ where: { subjectKey: `destination:${destination.id}` }, include: { notifications: true } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ status: "resolved", firingKey: null });
    expect(alerts[0]!.notifications.filter((notification) => notification.status === "sent")).toHaveLength(6);
  });

  it("a source silent for longer than usual alerts once, and resolves when an event arrives", async () => {
    await enableOnly("source_silent");
    const source = await createTestSource();
    const now = Date.now();
    // Twelve events over the last two days, the newest seven hours ago: usually busy, silent for 6 h.
    await db().event.createMany({
      data: Array.from({ length: 12 }, (_, index) => ({ sourceId: source.id, method: "POST", headers: {}, body: Buffer.from("{}"), bodySize: 2, receivedAt: new Date(now - 7 * HOUR_MS - index * 3 * HOUR_MS) })),
    });
    await evaluateAlerts();
    await evaluateAlerts();
    await eventually(() => mailSubjects(source.name).length >= 1, { timeoutMs: 15_000 });
    expect(await db().alert.count({ where: { subjectKey: `source:${source.id}` } })).toBe(1);
    expect(mailSubjects(source.name)).toEqual([`[FIRING] Source silent for longer than usual: ${source.name}`]);

    await db().event.create({ data: { sourceId: source.id, method: "POST", headers: {}, body: Buffer.from("{}"), bodySize: 2 } });
    await evaluateAlerts();
    await eventually(() => mailSubjects(source.name).length >= 2, { timeoutMs: 15_000 });
    expect(mailSubjects(source.name)[1]).toBe(`[RESOLVED] Source silent for longer than usual: ${source.name}`);
  });

  it("two evaluators at once fire one alert with one notification per channel", async () => {
    await enableOnly("source_silent");
    const source = await createTestSource();
    await db().event.createMany({
      data: Array.from({ length: 10 }, (_, index) => ({ sourceId: source.id, method: "POST", headers: {}, body: Buffer.from(randomUUID()), bodySize: 36, receivedAt: new Date(Date.now() - 8 * HOUR_MS - index * HOUR_MS) })),
    });
    const outcomes = await Promise.all([evaluateAlerts(), evaluateAlerts(), evaluateAlerts()]);
    const alerts = await db().alert.findMany({ where: { subjectKey: `source:${source.id}` }, include: { notifications: true } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.notifications).toHaveLength(channelIds.length);
    // At most one of the three fired it (the worker's scheduled run may have been first).
    expect(outcomes.reduce((sum, outcome) => sum + outcome.fired, 0)).toBeLessThanOrEqual(1);
  });
});
