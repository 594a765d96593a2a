// Locks one delivery for an operator's action on it (retry, cancel), on the caller's transaction,
// and reads what the action and its audit row need. The row lock orders the action with a
// concurrent cancel, retry or the engine recording an attempt.
import type pg from "pg";
import type { DeliveryStatusName } from "@/lib/deliveries/delivery-filter";
import { summaryColumns, summaryReader, type SummaryColumns } from "@/lib/summaries/event-summaries";

export interface LockedDelivery {
  id: string;
  eventId: string;
  status: DeliveryStatusName;
  destinationPaused: boolean;
  /** Its destination's circuit is open: attempts wait for a probe to succeed. */
  circuitOpen: boolean;
  /** How the audit log names it: "<event summary, or type> → <destination name>". */
  name: string;
}

export async function lockDelivery({ client, id }: { client: pg.ClientBase; id: string }): Promise<LockedDelivery | null> {
  const { rows } = await client.query<SummaryColumns & {
    event_id: string;
    status: DeliveryStatusName;
    destination_state: "active" | "paused";
    circuit_state: "closed" | "open";
    destination_name: string;
    event_type: string | null;
  }>(
    `SELECT d.event_id, d.status::text AS status, t.state::text AS destination_state, t.circuit_state::text AS circuit_state, t.name AS destination_name, e.event_type,
            ${summaryColumns("e", "s")}
     FROM deliveries d JOIN destinations t ON t.id = d.destination_id JOIN events e ON e.id = d.event_id JOIN sources s ON s.id = e.source_id
     WHERE d.id = $1::uuid FOR UPDATE OF d`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id,
    eventId: row.event_id,
    status: row.status,
    destinationPaused: row.destination_state === "paused",
    circuitOpen: row.circuit_state === "open",
    name: `${summaryReader()(row) ?? row.event_type ?? "Event"} → ${row.destination_name}`,
  };
}
