// Replays one event: routes it again through its source's CURRENT rules, as a new traced routing
// run (trigger "replay") with its own deliveries, through a `route-event` job. The run key comes
// from a token rendered into the page, so a double click or a resubmitted form replays once.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { pool } from "@/lib/db";
import { enqueueReplays } from "@/lib/events/enqueue-replays";
import { logger } from "@/lib/log";

const log = logger("events.replay");

export const ReplayEventInput = z.object({
  eventId: z.uuid("Not an event id"),
  token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "The replay form is out of date; reload the page"),
});
export type ReplayEventInput = z.infer<typeof ReplayEventInput>;

/** A fresh idempotency token for one replay (rendered into the replay form). */
export function newReplayToken(): string {
  return randomBytes(16).toString("base64url");
}

export type ReplayEventResult = "queued" | "already_queued" | "missing";

export async function replayEvent({
  eventId,
  token,
  actorId,
}: ReplayEventInput & { actorId: string | null }): Promise<ReplayEventResult> {
  const { rowCount } = await pool().query("SELECT 1 FROM events WHERE id = $1", [eventId]);
  if (!rowCount) return "missing";
  const runKey = `replay:${token}`;
  const inserted = await enqueueReplays({ eventIds: [eventId], runKey });
  if (inserted === 0) return "already_queued";
  log.info("event replay queued", { eventId, runKey, actorId });
  return "queued";
}
