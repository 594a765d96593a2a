// "Probe now": an operator asks for the circuit breaker's next probe of a destination whose circuit
// is open to be made at once, rather than at its scheduled time (after fixing the receiver, say).
// The probe itself is the worker's, as any other (lib/pipeline/dispatch/probe-destination.ts): the job sent
// here finds it due, and the one scheduled before finds it superseded. A closed circuit has nothing
// to probe, and a paused destination is never probed (resume it: that probes at once).
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import type { DestinationView } from "@/lib/destinations/schema";
import { toDestinationView } from "@/lib/destinations/to-destination-view";
import { UUID_PATTERN } from "@/lib/ids";
import { inTransaction, sendJob } from "@/lib/queue";

export type RequestProbeResult =
  | { ok: true; destination: DestinationView }
  | { ok: false; code: "destination_not_found" | "circuit_not_open" | "destination_paused" };

export async function requestProbe({ id, actor }: { id: string; actor: Actor }): Promise<RequestProbeResult> {
  if (!UUID_PATTERN.test(id)) return { ok: false, code: "destination_not_found" };
  return db().$transaction(async (tx): Promise<RequestProbeResult> => {
    // Due now by the database's clock, the one the probe's due check reads.
    const updated = await tx.$executeRaw`
      UPDATE destinations SET circuit_next_probe_at = now()
      WHERE id = ${id}::uuid AND state = 'active' AND circuit_state = 'open'`;
    const destination = await tx.destination.findUnique({ where: { id }, include: { secrets: true } });
    if (!destination) return { ok: false, code: "destination_not_found" };
    if (updated === 0) return { ok: false, code: destination.state === "paused" ? "destination_paused" : "circuit_not_open" };
    await sendJob({ name: "probe-destination", payload: { destinationId: id }, db: inTransaction(tx) });
    await recordAudit(tx, { actor, action: "destination.probe_requested", target: { type: "destination", id, name: destination.name } });
    return { ok: true, destination: toDestinationView(destination) };
  });
}
