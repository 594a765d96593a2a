// Replays one event: routes it again through its source's CURRENT rules, as a new traced routing
// run (trigger "replay") with its own deliveries, through a `route-event` job. The run key comes
// from a token rendered into the page, so a double click or a resubmitted form replays once (and
// is recorded once in the audit log, in the transaction that queues the job).
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Actor } from "@/lib/audit/actor";
import { recordAuditOnPg } from "@/lib/audit/record-audit";
import { summaryColumns, summaryReader, type SummaryColumns } from "@/lib/summaries/event-summaries";
import { withTransaction } from "@/lib/db";
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
  actor,
}: ReplayEventInput & { actor: Actor }): Promise<ReplayEventResult> {
  const runKey = `replay:${token}`;
  const result = await withTransaction(async (client): Promise<ReplayEventResult> => {
    const { rows } = await client.query<SummaryColumns & { source_id: string; event_type: string | null; source_name: string }>(
      `SELECT e.source_id, e.event_type, s.name AS source_name, ${summaryColumns("e", "s")}
       FROM events e JOIN sources s ON s.id = e.source_id WHERE e.id = $1::uuid`,
      [eventId],
    );
    const event = rows[0];
    if (!event) return "missing";
    const inserted = await enqueueReplays({ eventIds: [eventId], runKey, tx: client });
    if (inserted === 0) return "already_queued";
    await recordAuditOnPg(client, {
      actor,
      action: "event.replayed",
      // Named as lists name it (its summary) at the time, with its source.
      target: { type: "event", id: eventId, name: `${summaryReader()(event) ?? event.event_type ?? "Event"} from ${event.source_name}` },
      details: { sourceId: event.source_id },
    });
    return "queued";
  });
  if (result === "queued") log.info("event replay queued", { eventId, runKey, actor: actor.label });
  return result;
}
