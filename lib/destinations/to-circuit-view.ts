// The API/UI shape of a destination's circuit, from its row (ISO timestamps).
import type { Destination } from "@/lib/generated/prisma/client";
import type { CircuitView } from "@/lib/destinations/schema";

export function toCircuitView(
  destination: Pick<Destination, "circuitState" | "failingSince" | "circuitOpenedAt" | "circuitNextProbeAt" | "circuitProbesFailed">,
): CircuitView {
  return {
    state: destination.circuitState,
    failingSince: destination.failingSince?.toISOString() ?? null,
    openedAt: destination.circuitOpenedAt?.toISOString() ?? null,
    nextProbeAt: destination.circuitNextProbeAt?.toISOString() ?? null,
    probesFailed: destination.circuitProbesFailed,
  };
}
