// Events, newest first, keyset-paginated, filtered by the URL (?search, source, status, type, tag,
// routing, where, from, to, range: see lib/events/event-filter.ts), with a bulk replay of what
// matches (?operation=<id> shows that replay's progress). An invalid filter value is explained above
// the list and left out until fixed. A link with the retired payload query (?q=) is redirected to
// the same filter as conditions (?where=, with ?from_q= to say so once); one that cannot be read is
// explained and left out.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { BulkOperationProgress } from "@/components/bulk-operations/bulk-operation-progress";
import { ActiveFilterChips } from "@/components/events/active-filter-chips";
import { EventFilterBar } from "@/components/events/event-filter-bar";
import { EventTable } from "@/components/events/event-table";
import { ReplayMatchingButton } from "@/components/events/replay-matching-button";
import { LiveRefresh } from "@/components/live/live-refresh";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button-classes";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getBulkOperation } from "@/lib/bulk-operations/get-bulk-operation";
import { roleHasPermission } from "@/lib/access/permissions";
import { requireUser } from "@/lib/auth/session";
import { countEvents } from "@/lib/events/count-events";
import {
  EVENT_FILTER_LABELS,
  eventFilterParams,
  isEmptyEventFilter,
  parseEventFilterParams,
  rawEventFilterValues,
} from "@/lib/events/event-filter";
import { listEvents } from "@/lib/events/list-events";
import { listSourceOptions } from "@/lib/events/list-source-options";
import { LEGACY_QUERY_NOTE, readLegacyLink } from "@/lib/events/legacy-payload-query";
import { listFilterFields } from "@/lib/events/list-filter-fields";
import { buildFieldCatalogue } from "@/components/rules/rule-model";
import { cancelBulkOperationAction } from "../bulk-operations/actions";
import { countMatchingEventsAction, filterFieldsAction, replayMatchingEventsAction } from "./actions";

export const metadata: Metadata = { title: "Events" };

// The page counts matching events for the replay button only up to here (the dialog counts exactly).
const COUNT_CAP = 10_000;

export default async function EventsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [params, me] = await Promise.all([searchParams, requireUser()]);
  // Replaying is an operator's: a viewer is not offered the button the server would refuse.
  const mayReplay = roleHasPermission(me.role, "delivery.retry");
  const legacy = readLegacyLink(params);
  if (legacy.kind === "translated") redirect(`/events?${legacy.query.toString()}`);
  const fromQuery = typeof params.from_q === "string" ? params.from_q : undefined;
  const before = typeof params.before === "string" ? params.before : undefined;
  const operationId = typeof params.operation === "string" ? params.operation : undefined;
  const { filter, errors } = parseEventFilterParams(params);
  const typed = rawEventFilterValues(params);
  const filtered = !isEmptyEventFilter(filter);
  const [sources, page, matching, operation, fields] = await Promise.all([
    listSourceOptions(),
    listEvents({ filter, before }),
    // No bulk replay while part of the filter is invalid: it would select more than was asked for.
    mayReplay && filtered && errors.length === 0 ? countEvents({ filter, cap: COUNT_CAP }) : null,
    operationId ? getBulkOperation({ id: operationId }) : null,
    listFilterFields({ sourceId: filter.source }),
  ]);
  const filterQuery = eventFilterParams(filter).toString();
  const withFilter = (extra: Record<string, string> = {}) => {
    const query = new URLSearchParams({ ...Object.fromEntries(eventFilterParams(filter)), ...extra }).toString();
    return query ? `/events?${query}` : "/events";
  };

  return (
    <>
      <PageHeader
        title="Events"
        description="Every webhook Switchyard accepted, newest first."
        actions={<LiveRefresh watch={[{ kind: "event" }]} toggle catchUp />}
      />
      {operationId && !operation ? (
        <div className="mb-4">
          <Alert tone="warning">That bulk replay no longer exists.</Alert>
        </div>
      ) : null}
      {operation ? (
        <div className="mb-4">
          <BulkOperationProgress operation={operation} cancelOperation={cancelBulkOperationAction} />
        </div>
      ) : null}
      {fromQuery ? (
        <div className="mb-4" data-testid="legacy-query-notice">
          <Alert tone="info">
            This link used the payload query <code className="font-mono text-xs">{fromQuery}</code>, which is retired: it now
            reads as the conditions below, in the same language as rules. {LEGACY_QUERY_NOTE}
          </Alert>
        </div>
      ) : null}
      {legacy.kind === "unreadable" ? (
        <div className="mb-4" data-testid="legacy-query-notice">
          <Alert tone="warning">
            This link&apos;s payload query <code className="font-mono text-xs">{legacy.q}</code> could not be read (
            {legacy.message}), so it is left out. The payload query is retired: build the filter with the conditions below.
          </Alert>
        </div>
      ) : null}
      <EventFilterBar
        key={new URLSearchParams(typed).toString()}
        values={typed}
        sources={sources}
        catalogue={buildFieldCatalogue(fields, [])}
        loadFields={filterFieldsAction}
      />
      {errors.length > 0 ? (
        <div className="mb-4 space-y-2" data-testid="filter-errors">
          {errors.map((error) => (
            <Alert key={error.key} tone="error">
              <strong className="font-medium">{EVENT_FILTER_LABELS[error.key]}:</strong> {error.message}. Left out of
              the filter until it is fixed.
            </Alert>
          ))}
        </div>
      ) : null}
      <div className="flex flex-wrap items-start justify-between gap-4">
        <ActiveFilterChips filter={filter} sourceNames={new Map(sources.map((source) => [source.id, source.name]))} />
        {matching ? (
          <div className="mb-4 ml-auto shrink-0">
            <ReplayMatchingButton
              filterQuery={filterQuery}
              approximateCount={matching}
              countCapped={matching >= COUNT_CAP}
              countAction={countMatchingEventsAction}
              replayAction={replayMatchingEventsAction}
            />
          </div>
        ) : null}
      </div>
      {page.events.length === 0 ? (
        <EmptyState title={before ? "No older events" : filtered ? "No events match these filters" : "No events yet"}>
          {before ? (
            <Link href={withFilter()} className="text-indigo-700 hover:underline">
              Back to the newest events
            </Link>
          ) : filtered ? (
            <>
              Nothing received matches every filter above. Remove a filter, widen the time range, or{" "}
              <Link href="/events" className="text-indigo-700 hover:underline">
                clear all filters
              </Link>
              .
            </>
          ) : (
            <>
              Events appear here as soon as a provider posts to a source&apos;s URL.{" "}
              <Link href="/sources" className="text-indigo-700 hover:underline">
                Set up a source
              </Link>{" "}
              and send a test request.
            </>
          )}
        </EmptyState>
      ) : (
        <>
          <EventTable events={page.events} />
          <div className="mt-4 flex justify-between">
            {before ? (
              <Link href={withFilter()} className={buttonClasses("secondary")}>
                Newest
              </Link>
            ) : (
              <span />
            )}
            {page.nextCursor ? (
              <Link href={withFilter({ before: page.nextCursor })} className={buttonClasses("secondary")}>
                Older events →
              </Link>
            ) : null}
          </div>
        </>
      )}
    </>
  );
}
