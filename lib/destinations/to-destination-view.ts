// The API/UI shape of a destination: masked signing secrets, ISO timestamps.
import type { Destination, DestinationSecret } from "@/lib/generated/prisma/client";
import { pauseCause } from "@/lib/destinations/pause-cause";
import type { DestinationView } from "@/lib/destinations/schema";
import { openHeaders } from "@/lib/destinations/sealed-headers";

export function isDestinationSecretActive(secret: Pick<DestinationSecret, "expiresAt">, now = new Date()): boolean {
  return secret.expiresAt === null || secret.expiresAt > now;
}

export function toDestinationView(destination: Destination & { secrets: DestinationSecret[] }, now = new Date()): DestinationView {
  return {
    id: destination.id,
    name: destination.name,
    url: destination.url,
    headers: openHeaders(destination.headers),
    timeoutMs: destination.timeoutMs,
    retrySchedule: destination.retrySchedule,
    maxConcurrency: destination.maxConcurrency,
    rateLimitPerSecond: destination.rateLimitPerSecond,
    allowPrivateNetwork: destination.allowPrivateNetwork,
    state: destination.state,
    pausedReason: destination.pausedReason,
    pausedAt: destination.pausedAt?.toISOString() ?? null,
    pauseCause: pauseCause(destination.state, destination.pausedReason),
    autoPauseAfter: destination.autoPauseAfter,
    consecutiveFailures: destination.consecutiveFailures,
    secrets: [...destination.secrets]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((secret) => ({
        id: secret.id,
        hint: secret.hint,
        createdAt: secret.createdAt.toISOString(),
        expiresAt: secret.expiresAt?.toISOString() ?? null,
        active: isDestinationSecretActive(secret, now),
      })),
    createdAt: destination.createdAt.toISOString(),
    updatedAt: destination.updatedAt.toISOString(),
  };
}
