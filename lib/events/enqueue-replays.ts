// Enqueues `route-event` jobs that route events again under one run key. Each job's id is derived
// from (run key, event), and pg-boss inserts with ON CONFLICT DO NOTHING, so enqueueing the same
// replay twice (a double click, a bulk batch pg-boss runs again) adds no second job; were one to
// slip through, the run key still lets routeEvent route the event once.
import { createHash } from "node:crypto";
import type pg from "pg";
import { jobs, onPgClient, sender } from "@/lib/queue";

const BATCH = 500;

/** A stable UUID (RFC 4122 layout, name-based) for the job that replays `eventId` under `runKey`. */
export function replayJobId(runKey: string, eventId: string): string {
  const hex = createHash("sha256").update(`route-event\u0000${runKey}\u0000${eventId}`).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Returns how many jobs were new (0 when every one was enqueued before). */
export async function enqueueReplays({
  eventIds,
  runKey,
  tx,
}: {
  eventIds: readonly string[];
  runKey: string;
  /** Insert the jobs in this transaction (a bulk batch commits them with its progress). */
  tx?: pg.ClientBase;
}): Promise<number> {
  if (eventIds.length === 0) return 0;
  const boss = await sender();
  const options = { returnId: true, ...(tx ? { db: onPgClient(tx) } : {}) };
  let inserted = 0;
  for (let start = 0; start < eventIds.length; start += BATCH) {
    const batch = eventIds.slice(start, start + BATCH).map((eventId) => ({
      id: replayJobId(runKey, eventId),
      data: jobs["route-event"].payload.parse({ eventId, runKey, trigger: "replay" }),
    }));
    inserted += (await boss.insert("route-event", batch, options))?.length ?? 0;
  }
  return inserted;
}
