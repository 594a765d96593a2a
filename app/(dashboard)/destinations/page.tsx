// Destinations: the endpoints events are delivered to, each signed with its own secret.
import type { Metadata } from "next";
import Link from "next/link";
import { DestinationTable } from "@/components/destinations/destination-table";
import { LiveRefresh } from "@/components/live/live-refresh";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button-classes";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listDestinationHealth } from "@/lib/destinations/destination-health";
import { listDestinations } from "@/lib/destinations/list-destinations";

export const metadata: Metadata = { title: "Destinations" };

export default async function DestinationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { deleted, deliveries } = await searchParams;
  const [destinations, health] = await Promise.all([listDestinations(), listDestinationHealth()]);
  const newDestination = (
    <span className="flex gap-2">
      <Link href="/destinations/new-inbox" className={buttonClasses("secondary")}>
        New inbox
      </Link>
      <Link href="/destinations/new" className={buttonClasses("primary")}>
        New destination
      </Link>
    </span>
  );
  return (
    <>
      <PageHeader
        title="Destinations"
        description="A destination is an HTTP endpoint Switchyard delivers events to: signed, retried on failure, and paced to what the receiver can take."
        actions={destinations.length > 0 ? newDestination : undefined}
      />
      <LiveRefresh watch={[{ kind: "destination" }]} />
      {typeof deleted === "string" ? (
        <div className="mb-6">
          <Alert tone="success">
            Deleted “{deleted}”
            {typeof deliveries === "string" && /^\d+$/.test(deliveries) && deliveries !== "0"
              ? ` and its ${Number(deliveries).toLocaleString("en")} deliver${deliveries === "1" ? "y" : "ies"}`
              : ""}
            .
          </Alert>
        </div>
      ) : null}
      {destinations.length === 0 ? (
        <EmptyState title="No destinations yet">
          <p>Create a destination for each service that should receive events (your backend, a chat integration, a data pipeline…).</p>
          <div className="mt-4">{newDestination}</div>
        </EmptyState>
      ) : (
        <DestinationTable destinations={destinations} health={Object.fromEntries(health)} />
      )}
    </>
  );
}
