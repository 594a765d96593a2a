// The API/UI shape of a destination: masked signing secrets and header values, ISO timestamps.
import { toSecretViews } from "@/lib/crypto/secret-view";
import type { Destination, DestinationSecret } from "@/lib/generated/prisma/client";
import { pauseCause } from "@/lib/destinations/pause-cause";
import type { DestinationView } from "@/lib/destinations/schema";
import { maskHeaders } from "@/lib/destinations/sealed-headers";
import { toCircuitView } from "@/lib/destinations/to-circuit-view";

export function toDestinationView(destination: Destination & { secrets: DestinationSecret[] }, now = new Date()): DestinationView {
  return {
    id: destination.id,
    name: destination.name,
    url: destination.url,
    headers: maskHeaders(destination.headers),
    timeoutMs: destination.timeoutMs,
    retrySchedule: destination.retrySchedule,
    maxConcurrency: destination.maxConcurrency,
    rateLimitPerSecond: destination.rateLimitPerSecond,
    allowPrivateNetwork: destination.allowPrivateNetwork,
    orderingKey: destination.orderingKey,
    state: destination.state,
    pausedReason: destination.pausedReason,
    pausedAt: destination.pausedAt?.toISOString() ?? null,
    pauseCause: pauseCause(destination.state, destination.pausedReason),
    consecutiveFailures: destination.consecutiveFailures,
    circuit: toCircuitView(destination),
    secrets: toSecretViews(destination.secrets, now),
    createdAt: destination.createdAt.toISOString(),
    updatedAt: destination.updatedAt.toISOString(),
  };
}
