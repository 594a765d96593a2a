// One source: its URL (with a warning when APP_URL is not reachable from the internet) and how to
// set the sender up, a test, its secrets (right after the URL where the provider makes them), what it
// refused, its latest events (live), how its events are named, its settings, and deletion.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EventTable } from "@/components/events/event-table";
import { CreatedSourceNotice } from "@/components/sources/created-source-notice";
import { DeleteSourceDialog } from "@/components/sources/delete-source-dialog";
import { EnabledToggle } from "@/components/sources/enabled-toggle";
import { RejectedRequestsTable } from "@/components/sources/rejected-requests-table";
import { SchemeBadge, StatusBadge } from "@/components/sources/scheme-badge";
import { SecretsCard } from "@/components/sources/secrets-card";
import { SetupHelp } from "@/components/sources/setup-help";
import { SourceSettingsForm } from "@/components/sources/source-settings-form";
import { TestEventPanel } from "@/components/sources/test-event-panel";
import { SummaryTemplateEditor } from "@/components/sources/summary-template-editor";
import { UnreachableUrlWarning } from "@/components/sources/unreachable-url-warning";
import { LiveRefresh } from "@/components/live/live-refresh";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listEvents } from "@/lib/events/list-events";
import { listRules } from "@/lib/rules/list-rules";
import { buildTestRequest, toCurlCommand } from "@/lib/sources/build-test-request";
import { countSourceEvents } from "@/lib/sources/count-source-events";
import { configuredHeaders, describeScheme, describeSchemes, schemeOptionValues, timestampApplies } from "@/lib/sources/describe-schemes";
import { getSource } from "@/lib/sources/get-source";
import { appIngestReachability } from "@/lib/sources/ingest-reachability";
import { summaryPresetFor } from "@/lib/summaries/presets";
import { PERMISSIONS, roleHasPermission } from "@/lib/access/permissions";
import { requireUser } from "@/lib/auth/session";
import { listRejectedRequests } from "@/lib/sources/list-rejected-requests";
import {
  checkSecretAction,
  deleteSourceAction,
  previewSummaryAction,
  revealSecretAction,
  rotateSecretAction,
  sendTestEventAction,
  setSourceEnabledAction,
  updateSourceAction,
  updateSummaryTemplateAction,
} from "../actions";

export const metadata: Metadata = { title: "Source" };

export default async function SourcePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const me = await requireUser();
  const source = await getSource({ id });
  const scheme = source ? describeScheme(source.scheme) : null;
  if (!source || !scheme) notFound();
  const [{ events }, rejections, eventCount, testRequest, rules] = await Promise.all([
    listEvents({ sourceId: source.id, limit: 10 }),
    listRejectedRequests({ sourceId: source.id, limit: 20 }),
    countSourceEvents({ sourceId: source.id }),
    // A signed sample request works as a credential: only for those who may send test events.
    roleHasPermission(me.role, "source.test") ? buildTestRequest({ sourceId: source.id, forDisplay: true }) : Promise.resolve(null),
    listRules({ sourceId: source.id }).then((rules) => rules ?? []),
  ]);
  const enabledRules = rules.filter((rule) => rule.enabled).length;
  const hasActiveSecret = source.secrets.some((secret) => secret.active);
  const showSecrets = scheme.verifies || source.secrets.length > 0;
  // Where the provider makes the secret, pasting it is the next step after giving it the URL: the
  // Secrets card comes right after the URL (always there for such a scheme, so the card keeps its
  // state, e.g. the secret just saved, when the page refreshes).
  const secretsFirst = scheme.verifies && scheme.secretOrigin === "provider";
  const reachability = appIngestReachability();
  const secretsCard = !roleHasPermission(me.role, "source.secret") ? (
    <Card title="Secrets">
      <Alert tone="info">{PERMISSIONS["source.secret"].refusal}</Alert>
    </Card>
  ) : (
    <Card title="Secrets">
      <SecretsCard
        sourceId={source.id}
        schemeId={source.scheme}
        schemeLabel={scheme.label}
        secretHint={scheme.secretHint}
        secretOrigin={scheme.secretOrigin}
        secrets={source.secrets}
        now={new Date().toISOString()}
        reveal={revealSecretAction}
        rotate={rotateSecretAction}
        checkSecret={checkSecretAction}
      />
    </Card>
  );

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {source.name} <StatusBadge enabled={source.enabled} /> <SchemeBadge label={scheme.label} verifies={scheme.verifies} />
          </span>
        }
        description={
          <Link href="/sources" className="text-indigo-700 hover:underline">
            ← All sources
          </Link>
        }
        actions={
          <Link href={`/events?source=${source.id}`} className="text-sm text-indigo-700 hover:underline">
            All events from this source
          </Link>
        }
      />
      <CreatedSourceNotice sourceId={source.id} />
      {source.enabled ? null : (
        <div className="mb-6">
          <Alert tone="warning">This source is disabled: webhooks sent to its URL are answered 410 Gone and not stored. Enable it under Settings to receive again.</Alert>
        </div>
      )}
      <div className="space-y-6">
        <Card title="Webhook URL">
          <p className="mb-2 text-sm text-slate-600">
            Paste this into the sender&apos;s webhook settings.{" "}
            {scheme.verifies ? "Requests that fail verification are refused and logged." : "Anyone with this URL can post to it; treat it like a password."}
          </p>
          <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
            <code className="flex-1 break-all rounded-md bg-slate-100 px-3 py-2 font-mono text-sm text-slate-900" data-testid="ingest-url">
              {source.ingestUrl}
            </code>
            <CopyButton value={source.ingestUrl} label="Copy URL" />
          </div>
          {reachability.public ? null : <UnreachableUrlWarning host={reachability.host} reason={reachability.reason} />}
        </Card>

        {secretsFirst ? secretsCard : null}

        <Card
          title="Rules"
          actions={
            <Link href={rules.length === 0 ? `/sources/${source.id}/rules/new` : `/sources/${source.id}/rules`} className="text-sm text-indigo-700 hover:underline">
              {rules.length === 0 ? "Create a rule" : "Manage rules"}
            </Link>
          }
        >
          <p className="text-sm text-slate-600">
            {rules.length === 0
              ? "No rules yet: events are stored but not routed anywhere. Rules forward, tag or ignore events, in order."
              : `${rules.length} ${rules.length === 1 ? "rule" : "rules"} (${enabledRules} enabled) decide where this source's events go, in order.`}
          </p>
        </Card>

        <Card title={scheme.verifies ? `Set up ${scheme.label}` : "Set up the sender"}>
          <SetupHelp scheme={scheme} headers={configuredHeaders(source.scheme, source.schemeOptions) ?? undefined} />
        </Card>

        <Card title="Test">
          {roleHasPermission(me.role, "source.test") ? (
            <TestEventPanel
              sourceId={source.id}
              sendTestEvent={sendTestEventAction}
              curl={testRequest ? toCurlCommand(testRequest) : null}
              validForSeconds={testRequest && timestampApplies(source.scheme, source.schemeOptions) ? testRequest.validForSeconds : null}
              verifies={scheme.verifies}
              hasActiveSecret={hasActiveSecret}
            />
          ) : (
            <Alert tone="info">{PERMISSIONS["source.test"].refusal} A signed sample request is not shown either: it would work as a credential.</Alert>
          )}
        </Card>

        {showSecrets && !secretsFirst ? secretsCard : null}

        <Card title="Recent rejections">
          <p className="mb-3 text-sm text-slate-600">
            Requests this source refused before storing anything: a bad or missing signature, a body over the size limit, an address outside the IP allowlist. Only this line is kept, not the request; most senders retry refused deliveries.
          </p>
          {rejections.length === 0 ? (
            <EmptyState title="Nothing refused">Every request to this source so far passed its checks.</EmptyState>
          ) : (
            <RejectedRequestsTable rows={rejections} />
          )}
        </Card>

        <Card
          title="Latest events"
          actions={
            <div className="flex items-center gap-3">
              {/* The events this source receives appear as they arrive, and their routing as it happens. */}
              <LiveRefresh watch={[{ kind: "event", sourceId: source.id }]} catchUp />
              <Link href={`/events?source=${source.id}`} className="text-sm text-indigo-700 hover:underline">
                All events from this source
              </Link>
            </div>
          }
        >
          {events.length === 0 ? (
            <EmptyState title="Nothing received yet">
              Waiting for the first event: send a test event or a request to the URL above, and it appears here by itself.
            </EmptyState>
          ) : (
            <EventTable events={events} showSource={false} />
          )}
        </Card>

        <section id="summary" className="scroll-mt-6">
          <Card title="Event summaries">
            <SummaryTemplateEditor
              sourceId={source.id}
              template={source.summaryTemplate}
              suggestedPresetId={summaryPresetFor(source.scheme).id}
              preview={previewSummaryAction}
              save={updateSummaryTemplateAction}
            />
          </Card>
        </section>

        <Card title="Settings">
          <div className="space-y-6">
            {roleHasPermission(me.role, "source.manage") ? null : <Alert tone="info">{PERMISSIONS["source.manage"].refusal} You can look at these settings; saving them is refused.</Alert>}
            <EnabledToggle sourceId={source.id} enabled={source.enabled} setEnabled={setSourceEnabledAction} />
            <div className="border-t border-slate-200 pt-6">
              <SourceSettingsForm
                sourceId={source.id}
                schemes={describeSchemes()}
                values={{
                  name: source.name,
                  scheme: source.scheme,
                  schemeOptions: schemeOptionValues(source.scheme, source.schemeOptions),
                  toleranceSeconds: source.toleranceSeconds,
                  dedupeStrategy: source.dedupeStrategy,
                  dedupeField: source.dedupeField,
                  bodyLimitBytes: source.bodyLimitBytes,
                  ipAllowlist: source.ipAllowlist,
                  hasActiveSecret,
                }}
                updateSource={updateSourceAction}
              />
            </div>
          </div>
        </Card>

        <section className="rounded-lg bg-white shadow-xs ring-1 ring-red-200">
          <header className="border-b border-red-200 px-4 py-3">
            <h2 className="text-sm font-semibold text-red-700">Danger zone</h2>
          </header>
          <div className="p-4">
            <DeleteSourceDialog sourceId={source.id} sourceName={source.name} eventCount={eventCount} deleteSource={deleteSourceAction} />
          </div>
        </section>
      </div>
    </>
  );
}
