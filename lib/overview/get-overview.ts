// Everything the overview page shows, for one time range (history), and what is failing now.
import { db } from "@/lib/db";
import { getActivity } from "@/lib/overview/get-activity";
import { getFailingNow } from "@/lib/overview/get-failing-now";
import { getQueueDepth } from "@/lib/overview/get-queue-depth";
import { listFailingDestinations } from "@/lib/overview/list-failing-destinations";
import { listRejectionsBySource } from "@/lib/overview/list-rejections-by-source";
import type { OverviewRange } from "@/lib/overview/range";

export async function getOverview({ range, now = new Date() }: { range: OverviewRange; now?: Date }) {
  const [sourceCount, activity, failingNow, queues, failingDestinations, rejections] = await Promise.all([
    db().source.count(),
    getActivity({ range, now }),
    getFailingNow(),
    getQueueDepth(),
    listFailingDestinations({ range, now }),
    listRejectionsBySource({ range, now }),
  ]);
  return { range, now, sourceCount, activity, failingNow, queues, failingDestinations, rejections };
}

export type Overview = Awaited<ReturnType<typeof getOverview>>;
