import { ProbeCountdown } from "@/components/destinations/probe-countdown";
import { Badge } from "@/components/ui/badge";
import type { CircuitView } from "@/lib/destinations/schema";

/** "Circuit open · next probe in 35 s" while the circuit is open; nothing while it is closed. */
export function CircuitBadge({ circuit, paused, now }: { circuit: CircuitView; paused: boolean; now: string }) {
  if (circuit.state !== "open") return null;
  return (
    <span
      className="inline-flex items-center gap-1 whitespace-nowrap"
      title="Deliveries are held while the endpoint keeps failing; Switchyard probes it with one delivery and resumes by itself when it succeeds."
      data-testid="circuit-badge"
    >
      <Badge tone="red">
        {/* One inline box: the badge is a flex container, which would drop the spaces between its items. */}
        <span>
          Circuit open
          {paused ? (
            " · no probes while paused"
          ) : circuit.nextProbeAt ? (
            <>
              {" · next probe "}
              <ProbeCountdown key={circuit.nextProbeAt} at={circuit.nextProbeAt} now={now} />
            </>
          ) : null}
        </span>
      </Badge>
    </span>
  );
}
