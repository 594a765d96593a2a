// One event with everything the detail page shows: the request, its routing runs (traces) and its
// deliveries with every attempt.
import { isUuid } from "@/lib/ids";
import { db } from "@/lib/db";
import type { RuleTrace } from "@/lib/rules/evaluate";

export async function getEvent({ id }: { id: string }) {
  if (!isUuid(id)) return null;
  const event = await db().event.findUnique({
    where: { id },
    include: {
      source: { select: { id: true, name: true } },
      routingRuns: { orderBy: { createdAt: "desc" } },
      deliveries: {
        orderBy: { createdAt: "asc" },
        include: { destination: { select: { id: true, name: true, url: true } }, attemptRows: { orderBy: { number: "asc" } } },
      },
    },
  });
  if (!event) return null;
  return {
    ...event,
    headers: event.headers as Record<string, string>,
    body: Buffer.from(event.body),
    routing: event.routing as Record<string, string>,
    routingRuns: event.routingRuns.map((run) => ({ ...run, trace: run.trace as unknown as RuleTrace[], routing: run.routing as Record<string, string> })),
  };
}

export type EventDetail = NonNullable<Awaited<ReturnType<typeof getEvent>>>;
