// A destination's custom headers in plain text, for someone who deliberately asks to see them
// (they are often credentials). Like a source secret's reveal: the audit row is written first, so
// values are never shown without a record that they were.
import { requirePermission } from "@/lib/access/permissions";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { openHeaders } from "@/lib/destinations/sealed-headers";
import { UUID_PATTERN } from "@/lib/ids";
import { logger } from "@/lib/log";

const log = logger("destinations");

export async function revealDestinationHeaders({ id, actor }: { id: string; actor: Actor }): Promise<Record<string, string> | null> {
  if (!UUID_PATTERN.test(id)) return null;
  await requirePermission({ actor, permission: "destination.reveal_headers" });
  const destination = await db().destination.findUnique({ where: { id }, select: { name: true, headers: true } });
  if (!destination) return null;
  const headers = openHeaders(destination.headers);
  await recordAudit(db(), {
    actor,
    action: "destination_headers.revealed",
    target: { type: "destination", id, name: destination.name },
    details: { headers: Object.keys(headers) },
  });
  log.info("destination headers revealed", { destinationId: id, userId: actor.id });
  return headers;
}
