import { Badge } from "@/components/ui/badge";

/** Active or paused (by an operator, or after a 410 Gone), with the pause reason on hover. */
export function DestinationStateBadge({ state, pausedReason }: { state: "active" | "paused"; pausedReason?: string | null }) {
  if (state === "active") return <Badge tone="green">active</Badge>;
  return (
    <span title={pausedReason ?? undefined}>
      <Badge tone="amber">paused</Badge>
    </span>
  );
}
