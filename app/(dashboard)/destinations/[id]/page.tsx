// One destination: its state (paused prominently, with the reason; a red banner while its circuit
// is open, a green notice once it has closed by itself), its circuit breaker with its history, its
// health, signing secrets, settings and deletion. Kept current live.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CircuitBadge } from "@/components/destinations/circuit-badge";
import { CircuitBanner } from "@/components/destinations/circuit-banner";
import { CircuitCard } from "@/components/destinations/circuit-card";
import { CreatedDestinationNotice } from "@/components/destinations/created-destination-notice";
import { DeleteDestinationDialog } from "@/components/destinations/delete-destination-dialog";
import { DestinationHealthCard } from "@/components/destinations/destination-health-card";
import { DestinationSecretsCard } from "@/components/destinations/destination-secrets-card";
import { DestinationSettingsForm } from "@/components/destinations/destination-settings-form";
import { PauseControl } from "@/components/destinations/pause-control";
import { DestinationStateBadge } from "@/components/destinations/state-badge";
import { LiveRefresh } from "@/components/live/live-refresh";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { TimeAgo } from "@/components/ui/time-ago";
import { getDestinationHealth } from "@/lib/destinations/destination-health";
import { getDestinationCircuit } from "@/lib/destinations/get-destination-circuit";
import { getDestination } from "@/lib/destinations/get-destination";
import { formatRetrySchedule } from "@/lib/destinations/retry-schedule-text";
import { DEFAULT_RETRY_SCHEDULE } from "@/lib/destinations/schema";
import {
  checkDestinationUrlAction,
  deleteDestinationAction,
  pauseDestinationAction,
  probeDestinationAction,
  resumeDestinationAction,
  revealDestinationHeadersAction,
  rotateDestinationSecretAction,
  updateDestinationAction,
} from "../actions";

export const metadata: Metadata = { title: "Destination" };

export default async function DestinationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [destination, health, circuit] = await Promise.all([getDestination({ id }), getDestinationHealth({ id }), getDestinationCircuit({ id })]);
  if (!destination || !health || !circuit) notFound();
  const now = new Date();
  const paused = destination.state === "paused";

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
              {destination.url}
            </span>
          </>
        }
      />
      <LiveRefresh watch={[{ kind: "destination", id: destination.id }]} />
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
      <CreatedDestinationNotice destinationId={destination.id} />
      {paused ? (
        <div className="mb-6" data-testid="paused-notice">
          <Alert tone="warning">
            <strong>Paused{destination.pausedAt ? <> <TimeAgo date={new Date(destination.pausedAt)} now={now} /></> : null}:</strong> {destination.pausedReason ?? "no reason given"}. Nothing is
            delivered to this URL; deliveries wait until it is resumed.
          </Alert>
        </div>
      ) : null}
      <div className="space-y-6">
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

        <Card title="Circuit breaker">
          <CircuitCard circuit={circuit} paused={paused} now={now.toISOString()} />
        </Card>

        <Card title="Health">
          <DestinationHealthCard health={health} policy={circuit.policy} now={now} />
        </Card>

        <Card title="Signing secrets">
          <DestinationSecretsCard destinationId={destination.id} secrets={destination.secrets} now={now.toISOString()} rotate={rotateDestinationSecretAction} />
        </Card>

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
            }}
            defaultRetrySchedule={formatRetrySchedule(DEFAULT_RETRY_SCHEDULE)}
            updateDestination={updateDestinationAction}
            checkUrl={checkDestinationUrlAction}
            revealHeaders={revealDestinationHeadersAction}
          />
        </Card>

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
