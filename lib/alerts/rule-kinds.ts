// The conditions alerts watch, one definition per AlertRuleKind: what it means in words (the
// settings page shows it), its thresholds with their defaults (a rule stored with `{}` takes them),
// and the query that finds every subject for which it holds now. Each query is one aggregate over
// an indexed range, so an evaluation every minute costs a few milliseconds.
import { z } from "zod";
import type { AlertRuleKind, Prisma } from "@/lib/generated/prisma/client";
import { BOSS_SCHEMA } from "@/lib/queue";

/** One subject for which a rule's condition holds. */
export interface Condition {
  /** "destination:<id>", "source:<id>", "queue:<name>": one firing alert per rule and subject. */
  subjectKey: string;
  subjectName: string;
  /** What holds, in words, for the message and the history. */
  summary: string;
}

export interface EvaluateContext<Params> {
  tx: Prisma.TransactionClient;
  params: Params;
  now: Date;
  /** Subjects this rule has a firing alert for (a kind may keep one firing on a looser test). */
  firingSubjects: readonly string[];
}

/** A threshold as the settings form shows it. */
export interface ParamField {
  name: string;
  label: string;
  unit: string;
  min: number;
  max: number;
}

export interface RuleKind<Schema extends z.ZodType = z.ZodType> {
  title: string;
  /** What fires it, in a sentence the settings page shows. */
  description: string;
  /** What the resolved message says changed. */
  resolvedText: string;
  params: Schema;
  fields: readonly ParamField[];
  defaultRepeatMinutes: number;
  evaluate(context: EvaluateContext<z.output<Schema>>): Promise<Condition[]>;
}

const MINUTE_MS = 60_000;
const minutesBefore = (now: Date, minutes: number) => new Date(now.getTime() - minutes * MINUTE_MS);

function whole(label: string, min: number, max: number, defaultValue: number) {
  const message = `${label} must be a whole number from ${min} to ${max}`;
  return z.number({ error: message }).int(message).min(min, message).max(max, message).default(defaultValue);
}

function defineKind<Schema extends z.ZodType>(kind: RuleKind<Schema>): RuleKind<Schema> {
  return kind;
}

const circuitOpen = defineKind({
  title: "Destination circuit opened",
  description:
    "A destination's endpoint kept failing until its circuit breaker opened: its deliveries are held (not lost) and probes test it. Fires when a circuit has been open for at least the minutes below.",
  resolvedText: "The circuit closed: the endpoint answered a probe and the backlog is draining.",
  params: z.object({ openMinutes: whole("Open for", 0, 1440, 0) }),
  fields: [{ name: "openMinutes", label: "Open for at least", unit: "minutes", min: 0, max: 1440 }],
  defaultRepeatMinutes: 60,
  async evaluate({ tx, params, now }) {
    const rows = await tx.$queryRaw<Array<{ id: string; name: string; opened_at: Date; failures: number }>>`
      SELECT id, name, circuit_opened_at AS opened_at, consecutive_failures AS failures
      FROM destinations
      WHERE circuit_state = 'open' AND circuit_opened_at <= ${minutesBefore(now, params.openMinutes)}`;
    return rows.map((row) => ({
      subjectKey: `destination:${row.id}`,
      subjectName: row.name,
      summary: `Circuit open since ${row.opened_at.toISOString()} after ${row.failures} failed attempts in a row; deliveries are held until a probe succeeds.`,
    }));
  },
});

const failureRate = defineKind({
  title: "Destination failure rate over threshold",
  description:
    "Too many delivery attempts to one destination fail (no answer, or not a 2xx), before its circuit opens. Fires when, over the window, it had at least the minimum attempts and at least the given share failed.",
  resolvedText: "The failure rate is back under the threshold.",
  params: z.object({
    thresholdPercent: whole("Failure rate", 1, 100, 50),
    windowMinutes: whole("Window", 1, 1440, 15),
    minAttempts: whole("Minimum attempts", 1, 100_000, 20),
  }),
  fields: [
    { name: "thresholdPercent", label: "Failed attempts at least", unit: "%", min: 1, max: 100 },
    { name: "windowMinutes", label: "Over the last", unit: "minutes", min: 1, max: 1440 },
    { name: "minAttempts", label: "Only with at least", unit: "attempts", min: 1, max: 100_000 },
  ],
  defaultRepeatMinutes: 60,
  async evaluate({ tx, params, now }) {
    const rows = await tx.$queryRaw<Array<{ id: string; name: string; attempts: number; failed: number }>>`
      SELECT t.id, t.name, a.attempts::int AS attempts, a.failed::int AS failed
      FROM (
        SELECT d.destination_id, count(*) AS attempts,
               count(*) FILTER (WHERE a.response_status IS NULL OR a.response_status NOT BETWEEN 200 AND 299) AS failed
        FROM delivery_attempts a
        JOIN deliveries d ON d.id = a.delivery_id
        WHERE a.started_at >= ${minutesBefore(now, params.windowMinutes)} AND a.started_at <= ${now}
        GROUP BY d.destination_id
      ) a
      JOIN destinations t ON t.id = a.destination_id
      WHERE a.attempts >= ${params.minAttempts} AND a.failed * 100 >= ${params.thresholdPercent} * a.attempts`;
    return rows.map((row) => ({
      subjectKey: `destination:${row.id}`,
      subjectName: row.name,
      summary: `${Math.round((row.failed / row.attempts) * 100)}% of ${row.attempts} attempts failed in the last ${params.windowMinutes} minutes (threshold ${params.thresholdPercent}%).`,
    }));
  },
});

const deliveriesFailed = defineKind({
  title: "Deliveries failed permanently",
  description:
    "Deliveries to a destination used up their retries (or met an answer that is never retried) and will not be sent again unless someone retries them. Fires when a destination has at least this many within the window.",
  resolvedText: "No more deliveries failed permanently within the window.",
  params: z.object({ windowMinutes: whole("Window", 1, 1440, 60), minFailed: whole("Failed deliveries", 1, 100_000, 1) }),
  fields: [
    { name: "minFailed", label: "At least", unit: "failed deliveries", min: 1, max: 100_000 },
    { name: "windowMinutes", label: "Over the last", unit: "minutes", min: 1, max: 1440 },
  ],
  defaultRepeatMinutes: 60,
  async evaluate({ tx, params, now }) {
    // deliveries (status, updated_at desc): a failed delivery is not touched again unless retried.
    const rows = await tx.$queryRaw<Array<{ id: string; name: string; failed: number }>>`
      SELECT t.id, t.name, f.failed::int AS failed
      FROM (
        SELECT destination_id, count(*) AS failed
        FROM deliveries
        WHERE status = 'failed' AND updated_at >= ${minutesBefore(now, params.windowMinutes)} AND updated_at <= ${now}
        GROUP BY destination_id
      ) f
      JOIN destinations t ON t.id = f.destination_id
      WHERE f.failed >= ${params.minFailed}`;
    return rows.map((row) => ({
      subjectKey: `destination:${row.id}`,
      subjectName: row.name,
      summary: `${row.failed} ${row.failed === 1 ? "delivery" : "deliveries"} failed permanently in the last ${params.windowMinutes} minutes; retry them from the deliveries page once the endpoint is fixed.`,
    }));
  },
});

const queueBacklog = defineKind({
  title: "Queue backlog",
  description:
    "Jobs wait longer than they should: the worker is down, overloaded or stuck. Fires when the oldest job ready to run in a queue has waited longer than the minutes below.",
  resolvedText: "The queue caught up: no ready job is that old any more.",
  params: z.object({ oldestMinutes: whole("Oldest job", 1, 1440, 10) }),
  fields: [{ name: "oldestMinutes", label: "Oldest ready job older than", unit: "minutes", min: 1, max: 1440 }],
  defaultRepeatMinutes: 30,
  async evaluate({ tx, params, now }) {
    // pg-boss's partial index on pending jobs; its own queues (__pgboss__…) are left out.
    const rows = await tx.$queryRawUnsafe<Array<{ name: string; ready: number; oldest: Date }>>(
      `SELECT name, count(*)::int AS ready, min(created_on) AS oldest
       FROM ${BOSS_SCHEMA}.job
       WHERE state < 'active' AND NOT blocked AND start_after <= $1 AND NOT starts_with(name, '__pgboss__')
       GROUP BY name
       HAVING min(created_on) <= $2`,
      now,
      minutesBefore(now, params.oldestMinutes),
    );
    return rows.map((row) => ({
      subjectKey: `queue:${row.name}`,
      subjectName: `queue ${row.name}`,
      summary: `${row.ready} jobs ready in "${row.name}", the oldest waiting since ${row.oldest.toISOString()} (more than ${params.oldestMinutes} minutes): is the worker running?`,
    }));
  },
});

const rejectionsSpike = defineKind({
  title: "Refused requests spike",
  description:
    "A source refuses many requests: typically the provider's signing secret changed, or someone is probing the URL. Fires when a source refused at least this many requests within the window.",
  resolvedText: "The source stopped refusing requests at that rate.",
  params: z.object({ windowMinutes: whole("Window", 1, 1440, 15), minRejections: whole("Refused requests", 1, 1_000_000, 10) }),
  fields: [
    { name: "minRejections", label: "At least", unit: "refused requests", min: 1, max: 1_000_000 },
    { name: "windowMinutes", label: "Over the last", unit: "minutes", min: 1, max: 1440 },
  ],
  defaultRepeatMinutes: 60,
  async evaluate({ tx, params, now }) {
    const rows = await tx.$queryRaw<Array<{ id: string; name: string; rejected: number; top_reason: string }>>`
      SELECT s.id, s.name, r.rejected::int AS rejected, r.top_reason
      FROM sources s
      CROSS JOIN LATERAL (
        SELECT count(*) AS rejected, mode() WITHIN GROUP (ORDER BY reason) AS top_reason
        FROM rejected_requests
        WHERE source_id = s.id AND received_at >= ${minutesBefore(now, params.windowMinutes)} AND received_at <= ${now}
      ) r
      WHERE r.rejected >= ${params.minRejections}`;
    return rows.map((row) => ({
      subjectKey: `source:${row.id}`,
      subjectName: row.name,
      summary: `${row.rejected} requests refused in the last ${params.windowMinutes} minutes, mostly ${row.top_reason}${row.top_reason === "signature_invalid" ? " (did the provider's signing secret change?)" : row.top_reason === "signature_missing" ? " (is signing turned on at the sender?)" : ""}.`,
    }));
  },
});

const sourceSilent = defineKind({
  title: "Source silent for longer than usual",
  description:
    "A source that usually receives events has received none for a while: the provider stopped sending, or its webhook was removed. Fires when a source had at least the usual number of events over the days before, and none for the hours below.",
  resolvedText: "Events arrive again.",
  params: z.object({
    silentMinutes: whole("Silence", 5, 43_200, 360),
    baselineDays: whole("Usual activity window", 1, 90, 7),
    minBaselineEvents: whole("Usual events", 1, 1_000_000, 10),
  }),
  fields: [
    { name: "silentMinutes", label: "No events for", unit: "minutes", min: 5, max: 43_200 },
    { name: "minBaselineEvents", label: "When it usually has at least", unit: "events", min: 1, max: 1_000_000 },
    { name: "baselineDays", label: "In the days before", unit: "days", min: 1, max: 90 },
  ],
  defaultRepeatMinutes: 360,
  async evaluate({ tx, params, now, firingSubjects }) {
    const silentSince = minutesBefore(now, params.silentMinutes);
    const baselineFrom = new Date(silentSince.getTime() - params.baselineDays * 24 * 60 * MINUTE_MS);
    // A source already alerted stays so until an event arrives, even once its silence is so long
    // that the days before it are quiet too (that is not "resolved").
    const firingIds = firingSubjects.filter((key) => key.startsWith("source:")).map((key) => key.slice("source:".length));
    // Both lateral queries use events (source_id, received_at desc); the count stops at the minimum.
    const rows = await tx.$queryRaw<Array<{ id: string; name: string; last_at: Date | null }>>`
      SELECT s.id, s.name, l.last_at
      FROM sources s
      CROSS JOIN LATERAL (SELECT max(received_at) AS last_at FROM events WHERE source_id = s.id AND received_at <= ${now}) l
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS usual FROM (
          SELECT 1 FROM events
          WHERE source_id = s.id AND received_at >= ${baselineFrom} AND received_at < ${silentSince}
          LIMIT ${params.minBaselineEvents}
        ) b
      ) b
      WHERE s.enabled AND (l.last_at IS NULL OR l.last_at < ${silentSince})
        AND (b.usual >= ${params.minBaselineEvents} OR s.id = ANY(${firingIds}::uuid[]))`;
    return rows.map((row) => ({
      subjectKey: `source:${row.id}`,
      subjectName: row.name,
      summary: `No events for more than ${formatMinutes(params.silentMinutes)}${row.last_at ? ` (the last at ${row.last_at.toISOString()})` : ""}, though it usually receives some.`,
    }));
  },
});

export const RULE_KINDS = {
  circuit_open: circuitOpen,
  failure_rate: failureRate,
  deliveries_failed: deliveriesFailed,
  queue_backlog: queueBacklog,
  rejections_spike: rejectionsSpike,
  source_silent: sourceSilent,
} satisfies Record<AlertRuleKind, RuleKind>;

export const ALERT_RULE_KINDS = Object.keys(RULE_KINDS) as AlertRuleKind[];

/** "360 minutes" reads better as "6 hours". */
export function formatMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} ${minutes === 1440 ? "day" : "days"}`;
  if (minutes % 60 === 0) return `${minutes / 60} ${minutes === 60 ? "hour" : "hours"}`;
  return `${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
}

/** A rule's thresholds: the stored ones over the kind's defaults. */
export function ruleParams(kind: AlertRuleKind, stored: unknown): Record<string, number> {
  const schema: z.ZodType = RULE_KINDS[kind].params;
  const parsed = schema.safeParse(stored ?? {});
  // A stored value that stopped parsing (a bound changed) falls back to the defaults rather than
  // silencing every alert of the kind.
  return (parsed.success ? parsed.data : schema.parse({})) as Record<string, number>;
}
