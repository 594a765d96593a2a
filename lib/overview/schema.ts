// The overview as /api/v1 shows it (and its OpenAPI document describes it): deliveries by final
// outcome over a range, and what is failing now, kept apart.
import { z } from "zod";
import type { Activity } from "@/lib/overview/get-activity";
import type { FailingNow } from "@/lib/overview/get-failing-now";
import type { FailingDestination } from "@/lib/overview/list-failing-destinations";
import { OverviewRange } from "@/lib/overview/range";

export const OverviewQuery = z.strictObject({ range: OverviewRange.optional().describe("hour, day (default) or week.") });

const OutcomeCounts = {
  succeeded: z.number().int().describe("Delivered (a 2xx, on any attempt)."),
  failed: z.number().int().describe("Failed for good: no retries left (until someone retries them)."),
  inProgress: z.number().int().describe("Pending or retrying: no final outcome yet."),
  cancelled: z.number().int(),
};

export const OverviewView = z
  .object({
    range: OverviewRange,
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    history: z
      .object({
        events: z.number().int().describe("Events received in the range."),
        deliveries: z.number().int().describe("Deliveries made in the range, each counted once (not per attempt)."),
        ...OutcomeCounts,
        successRate: z.number().nullable().describe("succeeded / (succeeded + failed), 0..1; null when none has a final outcome."),
        topFailingDestinations: z
          .array(
            z.object({
              id: z.uuid(),
              name: z.string(),
              failed: z.number().int().describe("Its deliveries made in the range that failed for good."),
              finished: z.number().int().describe("Its deliveries made in the range with a final outcome."),
              successRate: z.number(),
            }),
          )
          .describe("At most 5, most failed first; a destination whose failed deliveries were retried and delivered is not listed."),
      })
      .describe("Deliveries made in the range, by their outcome as it stands now."),
    failingNow: z
      .object({
        destinationCount: z.number().int().describe("Destinations whose circuit is open, that are paused, or whose latest attempts failed."),
        destinations: z
          .array(
            z.object({
              id: z.uuid(),
              name: z.string(),
              reason: z.enum(["circuit_open", "paused", "failing"]),
              consecutiveFailures: z.number().int(),
              failingSince: z.iso.datetime().nullable(),
              waiting: z.number().int().describe("Deliveries waiting for it."),
            }),
          )
          .describe("The first 10 of them."),
        retryingDeliveries: z.number().int().describe("Deliveries whose last attempt failed and that have another one scheduled."),
        failedDeliveries: z.number().int().describe("Deliveries failed for good, any time: what a bulk retry would pick up."),
      })
      .describe("What is failing at this moment, whatever the range: all zero means everything currently delivers."),
  })
  .describe("The overview: history over a range, and what is failing now.");
export type OverviewView = z.infer<typeof OverviewView>;

export function toOverviewView({ range, activity, failingNow, failingDestinations }: { range: OverviewRange; activity: Activity; failingNow: FailingNow; failingDestinations: FailingDestination[] }): OverviewView {
  const { totals } = activity;
  return {
    range,
    from: activity.from.toISOString(),
    to: activity.to.toISOString(),
    history: {
      events: totals.events,
      deliveries: totals.deliveries,
      succeeded: totals.succeeded,
      failed: totals.failed,
      inProgress: totals.inProgress,
      cancelled: totals.cancelled,
      successRate: totals.successRate,
      topFailingDestinations: failingDestinations.map(({ id, name, failed, finished, successRate }) => ({ id, name, failed, finished, successRate })),
    },
    failingNow: {
      ...failingNow,
      destinations: failingNow.destinations.map((destination) => ({ ...destination, failingSince: destination.failingSince?.toISOString() ?? null })),
    },
  };
}
