// Deliveries, newest first, keyset-paginated and filtered through the URL (status, destination,
// source, response, from, to); retry or cancel one, or retry every failed one matching in bulk
// (?operation=<id> shows that bulk retry's progress).
import type { Metadata } from "next";
import Link from "next/link";
import { BulkOperationProgress } from "@/components/bulk-operations/bulk-operation-progress";
import { BulkRetryButton } from "@/components/deliveries/bulk-retry-button";
import { DeliveryFilterBar } from "@/components/deliveries/delivery-filter-bar";
import { DeliveryFilterChips } from "@/components/deliveries/delivery-filter-chips";
import { DeliveryTable } from "@/components/deliveries/delivery-table";
import { LiveRefresh } from "@/components/live/live-refresh";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button-classes";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { roleHasPermission } from "@/lib/access/permissions";
import { requireUser } from "@/lib/auth/session";
import { getBulkOperation } from "@/lib/bulk-operations/get-bulk-operation";
import { countDeliveries } from "@/lib/deliveries/count-deliveries";
import { deliveryFilterParams, isEmptyDeliveryFilter, parseDeliveryFilterParams } from "@/lib/deliveries/delivery-filter";
import { InvalidCursorError, listDeliveries, type DeliveryPage } from "@/lib/deliveries/list-deliveries";
import { listFilterOptions } from "@/lib/deliveries/list-filter-options";
import { cancelBulkOperationAction } from "../bulk-operations/actions";
import { cancelDeliveryAction, retryDeliveryAction, startBulkRetryAction } from "./actions";

export const metadata: Metadata = { title: "Deliveries" };

type SearchParams = Record<string, string | string[] | undefined>;

function single(params: SearchParams, key: string): string | undefined {
  const value = params[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

export default async function DeliveriesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const [params, me] = await Promise.all([searchParams, requireUser()]);
  // A viewer sees the same list without the buttons the server would refuse.
  const mayRetry = roleHasPermission(me.role, "delivery.retry");
  const { filter, issues } = parseDeliveryFilterParams(params);
  const cursor = single(params, "cursor");
  const operationId = single(params, "operation");
  const filterQuery = deliveryFilterParams(filter);

  let page: DeliveryPage;
  let badCursor = false;
  try {
    page = await listDeliveries({ filter, cursor: cursor ?? null });
  } catch (error) {
    if (!(error instanceof InvalidCursorError)) throw error;
    badCursor = true;
    page = await listDeliveries({ filter });
  }
  // Only failed deliveries are retried in bulk; with another status chosen there is nothing to offer.
  const canBulkRetry = mayRetry && (filter.status === undefined || filter.status === "failed");
  const [failedCount, options, operation] = await Promise.all([
    canBulkRetry ? countDeliveries({ filter: { ...filter, status: "failed" } }) : Promise.resolve(0),
    listFilterOptions(),
    operationId ? getBulkOperation({ id: operationId }) : Promise.resolve(null),
  ]);
  const names = new Map([...options.destinations, ...options.sources].map((option) => [option.id, option.name]));
  const href = (extra: Record<string, string>) => `/deliveries?${new URLSearchParams({ ...Object.fromEntries(filterQuery), ...extra })}`;
  const firstPage = filterQuery.size > 0 ? `/deliveries?${filterQuery}` : "/deliveries";

  return (
    <>
      <PageHeader
        title="Deliveries"
        description="Every event sent to a destination, newest first, with its attempts' outcome. Retry one now, cancel its remaining retries, or retry every failed one at once."
        actions={<LiveRefresh watch={[{ kind: "delivery" }]} toggle catchUp />}
      />
      {operationId && !operation ? (
        <div className="mb-4">
          <Alert tone="warning">That bulk operation no longer exists.</Alert>
        </div>
      ) : null}
      {operation ? (
        <div className="mb-4">
          <BulkOperationProgress operation={operation} cancelOperation={cancelBulkOperationAction} dismissHref={firstPage} />
        </div>
      ) : null}
      <DeliveryFilterBar key={filterQuery.toString()} filter={filter} destinations={options.destinations} sources={options.sources} />
      {issues.length > 0 || badCursor ? (
        <div className="mb-4">
          <Alert tone="warning">
            {[...issues.map((issue) => `${String(issue.path[0] ?? "filter")}: ${issue.message}`), ...(badCursor ? ["That page link is out of date; showing the newest deliveries."] : [])].join(". ")}
            {issues.length > 0 ? " (left out of the filter)" : ""}
          </Alert>
        </div>
      ) : null}
      <div className="flex flex-wrap items-start justify-between gap-3">
        <DeliveryFilterChips filter={filter} names={names} />
        {failedCount > 0 ? (
          <div className="mb-4">
            <BulkRetryButton failedCount={failedCount} filter={Object.fromEntries(filterQuery)} startBulkRetry={startBulkRetryAction} />
          </div>
        ) : null}
      </div>
      <DeliveryTable
        deliveries={page.deliveries}
        deliveryActions={mayRetry ? { retry: retryDeliveryAction, cancel: cancelDeliveryAction } : null}
        now={new Date().toISOString()}
        empty={
          <EmptyState title={cursor ? "No older deliveries" : isEmptyDeliveryFilter(filter) ? "No deliveries yet" : "No deliveries match these filters"}>
            {cursor ? (
              <Link href={firstPage} className="text-indigo-700 hover:underline">
                Back to the newest deliveries
              </Link>
            ) : isEmptyDeliveryFilter(filter) ? (
              <>
                A delivery is made when a rule forwards an event to a destination.{" "}
                <Link href="/destinations" className="text-indigo-700 hover:underline">
                  Set up a destination
                </Link>{" "}
                and a rule that forwards to it.
              </>
            ) : (
              <Link href="/deliveries" className="text-indigo-700 hover:underline">
                Clear the filters
              </Link>
            )}
          </EmptyState>
        }
      />
      {page.deliveries.length > 0 ? (
        <div className="mt-4 flex justify-between">
          {cursor ? (
            <Link href={firstPage} className={buttonClasses("secondary")}>
              Newest
            </Link>
          ) : (
            <span />
          )}
          {page.nextCursor ? (
            <Link href={href({ cursor: page.nextCursor })} className={buttonClasses("secondary")}>
              Older deliveries →
            </Link>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
