// One destination: its state (paused prominently, with the reason; a red banner while its circuit
// is open, a green notice once it has closed by itself; "healthy again — retry its N failed?" when
// it works again while failed deliveries wait), a test delivery, its failed and recent deliveries,
// its circuit breaker with its history, its health, signing secrets, settings and deletion
// (?operation=<id> shows a bulk retry started here). Kept current live.
import { roleHasPermission } from "@/lib/access/permissions";
import { requireUser } from "@/lib/auth/session";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BulkOperationProgress } from "@/components/bulk-operations/bulk-operation-progress";
import { DeliveryTable } from "@/components/deliveries/delivery-table";
import { BlockedKeysCard } from "@/components/destinations/blocked-keys-card";
import { CircuitBadge } from "@/components/destinations/circuit-badge";
import { CircuitBanner } from "@/components/destinations/circuit-banner";
import { CircuitCard } from "@/components/destinations/circuit-card";
import { CreatedDestinationNotice } from "@/components/destinations/created-destination-notice";
import { DeleteDestinationDialog } from "@/components/destinations/delete-destination-dialog";
import { DestinationHealthCard } from "@/components/destinations/destination-health-card";
import { DestinationSecretsCard } from "@/components/destinations/destination-secrets-card";
import { DestinationSettingsForm } from "@/components/destinations/destination-settings-form";
import { HealthyAgainBanner } from "@/components/destinations/healthy-again-banner";
import { PauseControl } from "@/components/destinations/pause-control";
import { DestinationStateBadge } from "@/components/destinations/state-badge";
import { TestDeliveryCard } from "@/components/destinations/test-delivery-card";
import { InboxCard } from "@/components/inboxes/inbox-card";
import { LiveRefresh } from "@/components/live/live-refresh";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { TimeAgo } from "@/components/ui/time-ago";
import { getBulkOperation } from "@/lib/bulk-operations/get-bulk-operation";
import { listDeliveries } from "@/lib/deliveries/list-deliveries";
import { getDestinationHealth } from "@/lib/destinations/destination-health";
import { getDestinationRecovery } from "@/lib/destinations/get-destination-recovery";
import { listTestDeliveries } from "@/lib/destinations/list-test-deliveries";
import { getDestinationCircuit } from "@/lib/destinations/get-destination-circuit";
import { getDestination } from "@/lib/destinations/get-destination";
import { formatRetrySchedule } from "@/lib/destinations/retry-schedule-text";
import { DEFAULT_RETRY_SCHEDULE, toTestDeliveryView } from "@/lib/destinations/schema";
import { apiBaseUrl } from "@/lib/api/api-base-url";
import { getInbox } from "@/lib/inboxes/get-inbox";
import { listInboxTokens } from "@/lib/inboxes/list-inbox-tokens";
import { listBlockedKeys } from "@/lib/ordering/list-blocked-keys";
import { cancelBulkOperationAction } from "../../bulk-operations/actions";
import { cancelDeliveryAction, retryDeliveryAction, skipDeliveryAction } from "../../deliveries/actions";
import {
  checkDestinationUrlAction,
  deleteDestinationAction,
  pauseDestinationAction,
  probeDestinationAction,
  resumeDestinationAction,
  retryFailedDeliveriesAction,
  revealDestinationHeadersAction,
  rotateDestinationSecretAction,
  sendTestDeliveryAction,
  updateDestinationAction,
} from "../actions";
import { createInboxTokenAction, revokeInboxTokenAction } from "../inbox-actions";

const RECENT_DELIVERIES = 10;
const FAILED_SHOWN = 5;

export const metadata: Metadata = { title: "Destination" };

export default async function DestinationPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const me = await requireUser();
  const { operation: operationParam } = await searchParams;
  const operationId = typeof operationParam === "string" && operationParam !== "" ? operationParam : null;
  const [destination, health, circuit, recovery, recent, failed, tests, operation, inbox, inboxTokens, blockedKeys] = await Promise.all([
    getDestination({ id }),
    getDestinationHealth({ id }),
    getDestinationCircuit({ id }),
    getDestinationRecovery({ id }),
    listDeliveries({ filter: { destination: id }, limit: RECENT_DELIVERIES }),
    listDeliveries({ filter: { destination: id, status: "failed" }, limit: FAILED_SHOWN }),
    listTestDeliveries({ destinationId: id }),
    operationId ? getBulkOperation({ id: operationId }) : Promise.resolve(null),
    getInbox({ id }),
    listInboxTokens({ inboxId: id }),
    listBlockedKeys({ destinationId: id }),
  ]);
  if (!destination || !health || !circuit || !recovery) notFound();
  const now = new Date();
  const paused = destination.state === "paused";
  const deliveryActions = roleHasPermission(me.role, "delivery.retry") ? { retry: retryDeliveryAction, cancel: cancelDeliveryAction } : null;
  const failedHref = `/deliveries?${new URLSearchParams({ destination: destination.id, status: "failed" })}`;

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {destination.name} <DestinationStateBadge state={destination.state} pausedReason={destination.pausedReason} />
            <CircuitBadge circuit={destination.circuit} paused={paused} now={now.toISOString()} />
          </span>
        }
        description={
          <>
            <Link href="/destinations" className="text-indigo-700 hover:underline">
              ← All destinations
            </Link>
            <span className="mt-1 block break-all font-mono text-xs text-slate-700" data-testid="destination-url">
              {inbox ? "Inbox: agents pull or stream its messages (no URL)" : destination.url}
            </span>
          </>
        }
      />
      {/* catchUp: a delivery settled between this render and the stream listening is not missed. */}
      <LiveRefresh watch={[{ kind: "destination", id: destination.id }, { kind: "delivery", destinationId: destination.id }]} catchUp />
      {inbox ? (
        <div className="mb-6">
          <Card title="Inbox">
            <InboxCard inbox={inbox} tokens={inboxTokens} apiBase={apiBaseUrl()} createToken={createInboxTokenAction} revokeToken={revokeInboxTokenAction} />
          </Card>
        </div>
      ) : null}
      {/* An inbox makes no HTTP attempts: no circuit, no pause (receives ignore it), no attempt health. */}
      {inbox ? null : (
        <CircuitBanner
          destinationId={destination.id}
          circuit={destination.circuit}
          paused={paused}
          history={circuit.history}
          waiting={health.waiting}
          rateLimitPerSecond={destination.rateLimitPerSecond}
          now={now.toISOString()}
          probe={probeDestinationAction}
        />
      )}
      <CreatedDestinationNotice destinationId={destination.id} />
      {operation && operation.filter.destination === destination.id ? (
        <div className="mb-6">
          <BulkOperationProgress operation={operation} cancelOperation={cancelBulkOperationAction} dismissHref={`/destinations/${destination.id}`} />
        </div>
      ) : deliveryActions ? (
        <HealthyAgainBanner destinationId={destination.id} destinationName={destination.name} recovery={recovery} retryFailed={retryFailedDeliveriesAction} />
      ) : null}
      {paused ? (
        <div className="mb-6" data-testid="paused-notice">
          <Alert tone="warning">
            <strong>Paused{destination.pausedAt ? <> <TimeAgo date={new Date(destination.pausedAt)} now={now} /></> : null}:</strong> {destination.pausedReason ?? "no reason given"}. Nothing is
            delivered to this URL; deliveries wait until it is resumed.
          </Alert>
        </div>
      ) : null}
      <div className="space-y-6">
        {destination.orderingKey ? (
          <Card title={`Ordering (${blockedKeys.length === 0 ? "no key blocked" : `${blockedKeys.length} blocked key${blockedKeys.length === 1 ? "" : "s"}`})`}>
            <BlockedKeysCard orderingKey={destination.orderingKey} blocked={blockedKeys} now={now.toISOString()} retry={retryDeliveryAction} skip={skipDeliveryAction} />
          </Card>
        ) : null}
        {inbox ? null : (
          <Card title="Delivery">
            <PauseControl
              destinationId={destination.id}
              state={destination.state}
              pausedReason={destination.pausedReason}
              circuitOpen={destination.circuit.state === "open"}
              pause={pauseDestinationAction}
              resume={resumeDestinationAction}
            />
          </Card>
        )}

        {inbox ? null : (
          <Card title="Test delivery">
            <TestDeliveryCard destinationId={destination.id} recent={tests.map(toTestDeliveryView)} now={now.toISOString()} sendTestDelivery={sendTestDeliveryAction} />
          </Card>
        )}

        <Card
          title={`Failed deliveries (${recovery.failed.toLocaleString("en")})`}
          actions={
            recovery.failed > 0 ? (
              <Link href={failedHref} className="text-xs font-medium text-indigo-700 hover:underline" data-testid="failed-deliveries-link">
                All {recovery.failed.toLocaleString("en")} in Deliveries →
              </Link>
            ) : null
          }
        >
          <div data-testid="failed-deliveries">
            <DeliveryTable
              deliveries={failed.deliveries}
              deliveryActions={deliveryActions}
              now={now.toISOString()}
              flat
              showDestination={false}
              empty={<p className="text-sm text-slate-500">None: every delivery to this destination succeeded, is waiting, or was cancelled.</p>}
            />
          </div>
        </Card>

        <Card
          title="Recent deliveries"
          actions={
            <Link href={`/deliveries?${new URLSearchParams({ destination: destination.id })}`} className="text-xs font-medium text-indigo-700 hover:underline">
              All in Deliveries →
            </Link>
          }
        >
          <div data-testid="recent-deliveries">
            <DeliveryTable
              deliveries={recent.deliveries}
              deliveryActions={deliveryActions}
              now={now.toISOString()}
              flat
              showDestination={false}
              empty={<p className="text-sm text-slate-500">No deliveries yet: a rule that forwards events here makes them.</p>}
            />
          </div>
        </Card>

        {inbox ? null : (
          <>
            <Card title="Circuit breaker">
              <CircuitCard circuit={circuit} paused={paused} now={now.toISOString()} />
            </Card>

            <Card title="Health">
              <DestinationHealthCard health={health} policy={circuit.policy} now={now} />
            </Card>
          </>
        )}

        <Card title="Signing secrets">
          <DestinationSecretsCard destinationId={destination.id} secrets={destination.secrets} now={now.toISOString()} rotate={rotateDestinationSecretAction} />
        </Card>

        {inbox ? null : (
          <Card title="Settings">
            <DestinationSettingsForm
              destinationId={destination.id}
              values={{
                name: destination.name,
                url: destination.url,
                headers: Object.entries(destination.headers).map(([name, value]) => ({ name, value })),
                timeoutSeconds: destination.timeoutMs / 1000,
                retrySchedule: formatRetrySchedule(destination.retrySchedule),
                maxConcurrency: destination.maxConcurrency,
                rateLimitPerSecond: destination.rateLimitPerSecond === null ? "" : String(destination.rateLimitPerSecond),
                allowPrivateNetwork: destination.allowPrivateNetwork,
                orderingKey: destination.orderingKey ?? "",
              }}
              defaultRetrySchedule={formatRetrySchedule(DEFAULT_RETRY_SCHEDULE)}
              updateDestination={updateDestinationAction}
              checkUrl={checkDestinationUrlAction}
              // Header values (often credentials) are an administrator's to see: no Reveal below.
              revealHeaders={roleHasPermission(me.role, "destination.reveal_headers") ? revealDestinationHeadersAction : undefined}
            />
          </Card>
        )}

        <section className="rounded-lg bg-white shadow-xs ring-1 ring-red-200">
          <header className="border-b border-red-200 px-4 py-3">
            <h2 className="text-sm font-semibold text-red-700">Danger zone</h2>
          </header>
          <div className="p-4">
            <DeleteDestinationDialog destinationId={destination.id} destinationName={destination.name} deleteDestination={deleteDestinationAction} />
          </div>
        </section>
      </div>
    </>
  );
}
