import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONE: Record<string, BadgeTone> = { pending: "blue", retrying: "amber", succeeded: "green", failed: "red", cancelled: "gray" };

export function DeliveryStatusBadge({ status }: { status: string }) {
  return <Badge tone={TONE[status] ?? "gray"}>{status}</Badge>;
}
