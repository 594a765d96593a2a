// One evaluation of every alert rule (the worker's "evaluate-alerts" job, every minute):
//   condition found, no alert firing for it   → a new alert, "firing" notifications
//   still holds, last notified ≥ repeat ago    → "repeat" notifications
//   firing, no longer holds (or rule disabled) → resolved, "resolved" notifications
// Alert state lives in the database, so restarts lose nothing. The whole evaluation runs in one
// transaction under a transaction-scoped advisory lock: a second evaluator (another worker, the
// scheduler's catch-up run) waits, then sees the first one's alerts and finds nothing new. The
// unique (rule, firing_key) pair is the backstop: a second firing row for one condition cannot
// exist. Notifications are rows, each with its "send-alert-notification" job enqueued in the same
// transaction: an alert is never recorded without its messages, nor a message sent for an alert
// that rolled back.
import { RULE_KINDS, ruleParams, type Condition } from "@/lib/alerts/rule-kinds";
import { db } from "@/lib/db";
import type { AlertNotificationKind, Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";
import { inTransaction, jobs, sender } from "@/lib/queue";

const log = logger("alerts");
const MINUTE_MS = 60_000;
const EVALUATION_LOCK = 0x5377_0002; // "Sw" + 2, beside lib/users/create-first-admin.ts's "Sw" + 1
// Evaluating is a few aggregate queries; a lock held by a stuck evaluator must not stall this one for ever.
const TRANSACTION_TIMEOUT_MS = 60_000;

export interface EvaluationOutcome {
  fired: number;
  repeated: number;
  resolved: number;
  /** Notification rows created (one per enabled channel per change). */
  notifications: number;
}

export async function evaluateAlerts({ now = new Date() }: { now?: Date } = {}): Promise<EvaluationOutcome> {
  const outcome: EvaluationOutcome = { fired: 0, repeated: 0, resolved: 0, notifications: 0 };
  await db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${EVALUATION_LOCK})`;
      const [rules, firing, channels] = await Promise.all([
        tx.alertRule.findMany(),
        tx.alert.findMany({ where: { status: "firing" } }),
        tx.notificationChannel.findMany({ where: { enabled: true }, select: { id: true } }),
      ]);
      const notify = async (alertIds: string[], kind: AlertNotificationKind) => {
        outcome.notifications += await createNotifications({ tx, alertIds, channelIds: channels.map((channel) => channel.id), kind });
      };

      for (const rule of rules) {
        const open = firing.filter((alert) => alert.ruleId === rule.id);
        const conditions: Condition[] = rule.enabled
          ? await RULE_KINDS[rule.kind].evaluate({ tx, params: ruleParams(rule.kind, rule.params) as never, now, firingSubjects: open.map((alert) => alert.subjectKey) })
          : [];
        const holding = new Map(conditions.map((condition) => [condition.subjectKey, condition]));
        const openKeys = new Set(open.map((alert) => alert.subjectKey));

        const fresh = conditions.filter((condition) => !openKeys.has(condition.subjectKey));
        if (fresh.length > 0) {
          const created = await tx.alert.createManyAndReturn({
            data: fresh.map((condition) => ({ ruleId: rule.id, subjectKey: condition.subjectKey, subjectName: condition.subjectName, firingKey: condition.subjectKey, summary: condition.summary, startedAt: now, lastNotifiedAt: now })),
            select: { id: true },
          });
          await notify(created.map((alert) => alert.id), "firing");
          outcome.fired += created.length;
        }

        const repeatBefore = new Date(now.getTime() - rule.repeatMinutes * MINUTE_MS);
        const due: string[] = [];
        for (const alert of open) {
          const condition = holding.get(alert.subjectKey);
          if (!condition) continue;
          const repeat = alert.lastNotifiedAt <= repeatBefore;
          if (repeat) due.push(alert.id);
          if (repeat || condition.summary !== alert.summary || condition.subjectName !== alert.subjectName) {
            await tx.alert.update({ where: { id: alert.id }, data: { summary: condition.summary, subjectName: condition.subjectName, ...(repeat ? { lastNotifiedAt: now } : {}) } });
          }
        }
        if (due.length > 0) await notify(due, "repeat");
        outcome.repeated += due.length;

        const gone = open.filter((alert) => !holding.has(alert.subjectKey)).map((alert) => alert.id);
        if (gone.length > 0) {
          await tx.alert.updateMany({ where: { id: { in: gone } }, data: { status: "resolved", firingKey: null, resolvedAt: now } });
          await notify(gone, "resolved");
          outcome.resolved += gone.length;
        }
      }
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: TRANSACTION_TIMEOUT_MS },
  );
  if (outcome.fired + outcome.repeated + outcome.resolved > 0) log.info("alerts evaluated", { ...outcome });
  return outcome;
}

/** One notification row per alert and channel, and its job, in the evaluation's transaction. */
async function createNotifications({ tx, alertIds, channelIds, kind }: { tx: Prisma.TransactionClient; alertIds: string[]; channelIds: string[]; kind: AlertNotificationKind }): Promise<number> {
  if (alertIds.length === 0 || channelIds.length === 0) return 0;
  const rows = await tx.alertNotification.createManyAndReturn({
    data: alertIds.flatMap((alertId) => channelIds.map((channelId) => ({ alertId, channelId, kind }))),
    select: { id: true },
  });
  const boss = await sender();
  await boss.insert(
    "send-alert-notification",
    rows.map((row) => ({ data: jobs["send-alert-notification"].payload.parse({ notificationId: row.id }) })),
    { db: inTransaction(tx) },
  );
  return rows.length;
}
