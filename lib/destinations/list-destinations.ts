// Destinations with their delivery figures and circuit, for the destinations page and the API: the backlog
// (pending + retrying) and the last 24 hours' outcomes, each a count the deliveries' (status,
// updated_at) index can answer without reading old deliveries.
import { db } from "@/lib/db";
import type { CircuitView } from "@/lib/destinations/schema";
import { toCircuitView } from "@/lib/destinations/to-circuit-view";

export interface DestinationSummary {
  id: string;
  name: string;
  url: string;
  state: "active" | "paused";
  pausedReason: string | null;
  circuit: CircuitView;
  createdAt: Date;
  /** Deliveries waiting for an attempt (pending or retrying). */
  backlog: number;
  succeededLast24h: number;
  failedLast24h: number;
}

export async function listDestinations(): Promise<DestinationSummary[]> {
  const rows = await db().$queryRaw<
    Array<{
      id: string;
      name: string;
      url: string;
      state: "active" | "paused";
      paused_reason: string | null;
      circuit_state: "closed" | "open";
      failing_since: Date | null;
      circuit_opened_at: Date | null;
      circuit_next_probe_at: Date | null;
      circuit_probes_failed: number;
      created_at: Date;
      backlog: number;
      succeeded_24h: number;
      failed_24h: number;
    }>
  >`
    SELECT d.id, d.name, d.url, d.state::text AS state, d.paused_reason, d.created_at,
      d.circuit_state::text AS circuit_state, d.failing_since, d.circuit_opened_at, d.circuit_next_probe_at, d.circuit_probes_failed,
      (SELECT count(*)::int FROM deliveries x WHERE x.destination_id = d.id AND x.status IN ('pending', 'retrying')) AS backlog,
      (SELECT count(*)::int FROM deliveries x WHERE x.destination_id = d.id AND x.status = 'succeeded' AND x.updated_at >= now() - interval '24 hours') AS succeeded_24h,
      (SELECT count(*)::int FROM deliveries x WHERE x.destination_id = d.id AND x.status = 'failed' AND x.updated_at >= now() - interval '24 hours') AS failed_24h
    FROM destinations d
    ORDER BY d.created_at DESC`;
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    url: row.url,
    state: row.state,
    pausedReason: row.paused_reason,
    circuit: toCircuitView({
      circuitState: row.circuit_state,
      failingSince: row.failing_since,
      circuitOpenedAt: row.circuit_opened_at,
      circuitNextProbeAt: row.circuit_next_probe_at,
      circuitProbesFailed: row.circuit_probes_failed,
    }),
    createdAt: row.created_at,
    backlog: row.backlog,
    succeededLast24h: row.succeeded_24h,
    failedLast24h: row.failed_24h,
  }));
}
