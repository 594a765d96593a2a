// A destination's circuit breaker for its page and the API: its state, this instance's thresholds
// and probe schedule, and its recent history (destination_circuit_events, newest first).
import { db } from "@/lib/db";
import { PROBE_INTERVALS_SECONDS } from "@/lib/destinations/circuit-policy";
import { instanceCircuitPolicy } from "@/lib/destinations/instance-circuit-policy";
import { CIRCUIT_HISTORY_LIMIT, type DestinationCircuitView } from "@/lib/destinations/schema";
import { toCircuitView } from "@/lib/destinations/to-circuit-view";
import { UUID_PATTERN } from "@/lib/ids";

export async function getDestinationCircuit({ id }: { id: string }): Promise<DestinationCircuitView | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const destination = await db().destination.findUnique({
    where: { id },
    select: {
      consecutiveFailures: true,
      failingSince: true,
      circuitState: true,
      circuitOpenedAt: true,
      circuitNextProbeAt: true,
      circuitProbesFailed: true,
      circuitEvents: { orderBy: [{ at: "desc" }, { id: "desc" }], take: CIRCUIT_HISTORY_LIMIT },
    },
  });
  if (!destination) return null;
  return {
    ...toCircuitView(destination),
    consecutiveFailures: destination.consecutiveFailures,
    policy: { ...instanceCircuitPolicy(), probeIntervalsSeconds: [...PROBE_INTERVALS_SECONDS] },
    history: destination.circuitEvents.map((event) => ({ at: event.at.toISOString(), from: event.fromState, to: event.toState, reason: event.reason })),
  };
}
