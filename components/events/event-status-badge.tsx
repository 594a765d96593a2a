import { Badge, type BadgeTone } from "@/components/ui/badge";

const STATUS: Record<string, { tone: BadgeTone; label: string; help: string }> = {
  received: { tone: "blue", label: "received", help: "Stored; waiting for the worker to route it" },
  routed: { tone: "green", label: "routed", help: "A rule matched; see the event's routing trace" },
  unmatched: { tone: "gray", label: "no rule matched", help: "Processed; none of the source's enabled rules matched" },
  ignored: { tone: "gray", label: "ignored", help: "A rule chose to ignore this event" },
  failed: { tone: "red", label: "failed", help: "Routing failed; see the event for details" },
};

export function EventStatusBadge({ status }: { status: string }) {
  const known = STATUS[status] ?? { tone: "gray" as const, label: status, help: "" };
  return (
    <span title={known.help}>
      <Badge tone={known.tone}>{known.label}</Badge>
    </span>
  );
}
