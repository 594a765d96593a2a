import { Badge } from "@/components/ui/badge";
import type { PauseCause } from "@/lib/destinations/pause-cause";

/** Active or paused, with the pause reason on hover; red when it paused itself after failing. */
export function DestinationStateBadge({
  state,
  pausedReason,
  pauseCause,
}: {
  state: "active" | "paused";
  pausedReason?: string | null;
  pauseCause?: PauseCause | null;
}) {
  if (state === "active") return <Badge tone="green">active</Badge>;
  return (
    <span title={pausedReason ?? undefined}>
      <Badge tone={pauseCause === "consecutive_failures" ? "red" : "amber"}>{pauseCause === "consecutive_failures" ? "paused: failing" : "paused"}</Badge>
    </span>
  );
}
