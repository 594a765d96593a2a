// Events, newest first, keyset-paginated; ?source=<id> filters by source.
import { isUuid } from "@/lib/ids";
import type { Metadata } from "next";
import Link from "next/link";
import { EventTable } from "@/components/events/event-table";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listEvents } from "@/lib/events/list-events";

export const metadata: Metadata = { title: "Events" };

export default async function EventsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const before = typeof params.before === "string" ? params.before : undefined;
  const sourceId = typeof params.source === "string" && isUuid(params.source) ? params.source : undefined;
  const page = await listEvents({ before, sourceId });
  const query = (cursor: string) => `/events?${new URLSearchParams({ ...(sourceId ? { source: sourceId } : {}), before: cursor })}`;

  return (
    <>
      <PageHeader title="Events" description="Every webhook Switchyard accepted, newest first." />
      {page.events.length === 0 ? (
        <EmptyState title={before ? "No older events" : "No events yet"}>
          {before ? (
            <Link href="/events" className="text-indigo-700 hover:underline">Back to the newest events</Link>
          ) : (
            <>
              Events appear here as soon as a provider posts to a source&apos;s URL.{" "}
              <Link href="/sources" className="text-indigo-700 hover:underline">Set up a source</Link> and send a test request.
            </>
          )}
        </EmptyState>
      ) : (
        <>
          <EventTable events={page.events} />
          <div className="mt-4 flex justify-between">
            {before ? (
              <Link href={sourceId ? `/events?source=${sourceId}` : "/events"} className={buttonClasses("secondary")}>
                Newest
              </Link>
            ) : (
              <span />
            )}
            {page.nextCursor ? (
              <Link href={query(page.nextCursor)} className={buttonClasses("secondary")}>
                Older events →
              </Link>
            ) : null}
          </div>
        </>
      )}
    </>
  );
}
