// Routes one stored event through its source's rules. In ONE transaction it writes the routing run
// (trace of every rule and condition, with rule versions), the event's outcome, tags and routing
// fields, and a Delivery per forward with its `deliver` job. Idempotent: a run is unique per
// (event, run key), so a job pg-boss delivers twice creates nothing the second time.
import { db } from "@/lib/db";
import { enqueueDeliveries } from "@/lib/delivery/enqueue-delivery";
import { newWebhookId } from "@/lib/delivery/webhook-id";
import type { EventStatus, Prisma, RoutingTrigger } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";
import { compileRules, type Outcome } from "@/lib/rules/evaluate";
import { ruleSchema, type Rule } from "@/lib/rules/schema";

const log = logger("routing");

export type RouteEventResult = "routed" | "already_routed" | "missing";

const STATUS: Record<Outcome, EventStatus> = { routed: "routed", ignored: "ignored", unmatched: "unmatched" };

export async function routeEvent({
  eventId,
  runKey = "received",
  trigger = "received",
}: {
  eventId: string;
  /** "received" for the first run; a fresh key per replay. */
  runKey?: string;
  trigger?: RoutingTrigger;
}): Promise<RouteEventResult> {
  return db().$transaction(
    async (tx) => {
      const event = await tx.event.findUnique({ where: { id: eventId }, include: { source: { select: { id: true, name: true } } } });
      if (!event) return "missing";
      if (await tx.routingRun.findUnique({ where: { eventId_runKey: { eventId, runKey } }, select: { id: true } })) return "already_routed";

      const rows = await tx.rule.findMany({ where: { sourceId: event.sourceId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
      const rules: Rule[] = [];
      for (const row of rows) {
        const parsed = ruleSchema.safeParse({ id: row.id, name: row.name, enabled: row.enabled, version: row.version, conditions: row.conditions, actions: row.actions });
        // Rules are validated when saved; one that no longer parses (an engine change) is skipped, loudly.
        if (parsed.success) rules.push(parsed.data);
        else log.error("stored rule does not parse; skipped", { ruleId: row.id, issues: parsed.error.issues });
      }

      const result = compileRules(rules)(
        {
          event: { id: event.id, type: event.eventType, method: event.method, headers: event.headers as Record<string, string>, body: event.payload },
          source: event.source,
        },
        { trace: true },
      );

      const run = await tx.routingRun.create({
        data: {
          eventId,
          runKey,
          trigger,
          outcome: result.outcome,
          tags: result.tags,
          routing: result.routing,
          trace: result.trace as unknown as Prisma.InputJsonArray,
        },
      });

      // A destination deleted since the rule was saved gets no delivery; the trace keeps the forward.
      const existing = new Set(
        (await tx.destination.findMany({ where: { id: { in: result.forwards.map((forward) => forward.destinationId) } }, select: { id: true } })).map((row) => row.id),
      );
      const deliveries = await Promise.all(
        result.forwards
          .filter((forward) => existing.has(forward.destinationId))
          .map((forward) =>
            tx.delivery.create({
              data: {
                eventId,
                destinationId: forward.destinationId,
                routingRunId: run.id,
                ruleId: forward.ruleId,
                ruleVersion: forward.ruleVersion,
                webhookId: newWebhookId(),
                body: forward.body.mode === "template" ? new Uint8Array(Buffer.from(forward.body.rendered)) : null,
              },
              select: { id: true },
            }),
          ),
      );
      await enqueueDeliveries({ deliveries, tx });

      await tx.event.update({
        where: { id: eventId },
        data: { status: STATUS[result.outcome], tags: result.tags, routing: result.routing, processedAt: new Date() },
      });
      log.debug("event routed", { eventId, outcome: result.outcome, deliveries: deliveries.length });
      return "routed";
    },
    { timeout: 30_000 },
  );
}
