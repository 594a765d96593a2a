// The destinations with the most deliveries that failed for good in the range (by their outcome
// now, not by attempts), each linked to its page and to those failed deliveries.
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import type { FailingDestination } from "@/lib/overview/list-failing-destinations";

export function FailingDestinations({ destinations }: { destinations: FailingDestination[] }) {
  if (destinations.length === 0) return <p className="text-sm text-slate-600">No delivery in this range failed for good.</p>;
  return (
    <Table
      flat
      bodyTestId="failing-destination-rows"
      head={
        <>
          <Th>Destination</Th>
          <Th align="right">Failed / finished</Th>
          <Th align="right">Delivered</Th>
        </>
      }
    >
      {destinations.map((destination) => (
        <tr key={destination.id}>
          <Td>
            <Link href={`/destinations/${destination.id}`} className="font-medium text-indigo-700 hover:underline">
              {destination.name}
            </Link>
            {destination.state !== "active" ? (
              <span className="ml-2">
                <Badge tone="amber">{destination.state}</Badge>
              </span>
            ) : null}
            {destination.circuitState === "open" ? (
              <span className="ml-2" title="Deliveries are held while the endpoint keeps failing; it is probed and resumes by itself.">
                <Badge tone="red">circuit open</Badge>
              </span>
            ) : null}
          </Td>
          <Td className="text-right tabular-nums">
            <Link href={`/deliveries?${new URLSearchParams({ destination: destination.id, status: "failed" })}`} className="text-red-700 hover:underline" title="Its failed deliveries">
              {destination.failed.toLocaleString("en")}
            </Link>
            <span className="text-slate-500"> / {destination.finished.toLocaleString("en")}</span>
          </Td>
          <Td className="text-right tabular-nums text-slate-700">{formatRate(destination.successRate)}</Td>
        </tr>
      ))}
    </Table>
  );
}

function formatRate(rate: number): string {
  const percent = rate * 100;
  return `${percent > 0 && percent < 1 ? "<1" : percent > 99 && percent < 100 ? ">99" : Math.round(percent)} %`;
}
