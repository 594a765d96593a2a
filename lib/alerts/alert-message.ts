// What one notification says, whichever channel carries it: a title, a few lines of text, a link to
// the dashboard, and the facts a program needs (the webhook channel sends those as JSON).
import { env } from "@/lib/env";
import type { AlertNotificationKind, AlertRuleKind } from "@/lib/generated/prisma/client";
import { RULE_KINDS } from "@/lib/alerts/rule-kinds";

export type MessageKind = AlertNotificationKind | "test";

export interface AlertMessage {
  kind: MessageKind;
  title: string;
  text: string;
  /** Where to look in the dashboard. */
  url: string;
  /** The webhook channel's meta-event `data`. */
  data: {
    alertId: string | null;
    rule: AlertRuleKind | null;
    status: "firing" | "resolved" | "test";
    subject: { key: string; name: string } | null;
    summary: string;
    startedAt: string | null;
    resolvedAt: string | null;
  };
}

export interface AlertFacts {
  id: string;
  ruleKind: AlertRuleKind;
  subjectKey: string;
  subjectName: string;
  summary: string;
  startedAt: Date;
  resolvedAt: Date | null;
}

/** The dashboard page of an alert's subject. */
export function subjectPath(subjectKey: string): string {
  const [type, id] = subjectKey.split(":", 2);
  if (type === "destination") return `/destinations/${id}`;
  if (type === "source") return `/sources/${id}`;
  return "/";
}

function link(path: string): string {
  return new URL(path, env().APP_URL).toString();
}

const PREFIX: Record<AlertNotificationKind, string> = { firing: "[FIRING]", repeat: "[STILL FIRING]", resolved: "[RESOLVED]" };

export function alertMessage({ kind, alert }: { kind: AlertNotificationKind; alert: AlertFacts }): AlertMessage {
  const rule = RULE_KINDS[alert.ruleKind];
  const title = `${PREFIX[kind]} ${rule.title}: ${alert.subjectName}`;
  const lines =
    kind === "resolved"
      ? [`${rule.resolvedText}`, `It fired at ${alert.startedAt.toISOString()}: ${alert.summary}`]
      : [alert.summary, kind === "repeat" ? `Firing since ${alert.startedAt.toISOString()}.` : rule.description];
  const url = link(subjectPath(alert.subjectKey));
  return {
    kind,
    title,
    text: [...lines, `Alert history: ${link("/alerts")}`].join("\n"),
    url,
    data: {
      alertId: alert.id,
      rule: alert.ruleKind,
      status: kind === "resolved" ? "resolved" : "firing",
      subject: { key: alert.subjectKey, name: alert.subjectName },
      summary: alert.summary,
      startedAt: alert.startedAt.toISOString(),
      resolvedAt: alert.resolvedAt?.toISOString() ?? null,
    },
  };
}

export function testMessage({ channelName }: { channelName: string }): AlertMessage {
  const summary = `This is a test notification for the channel "${channelName}". Alerts will look like this.`;
  return {
    kind: "test",
    title: "[TEST] Switchyard notification channel",
    text: [summary, `Alert settings: ${link("/settings/alerts")}`].join("\n"),
    url: link("/settings/notifications"),
    data: { alertId: null, rule: null, status: "test", subject: null, summary, startedAt: null, resolvedAt: null },
  };
}
