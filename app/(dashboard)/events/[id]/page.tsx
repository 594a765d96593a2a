// One event, titled by its summary: its request (headers and the body as received), its status,
// its routing runs and deliveries (kept current by LiveRefresh), and "Replay" to route it again
// through the current rules.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { DeliveryList } from "@/components/events/delivery-list";
import { EventBody } from "@/components/events/event-body";
import { ReplayEventButton } from "@/components/events/replay-event-button";
import { RoutingRuns } from "@/components/events/routing-runs";
import { LiveRefresh } from "@/components/live/live-refresh";
import { Badge } from "@/components/ui/badge";
import { eventName } from "@/lib/summaries/event-name";
import { EventStatusBadge } from "@/components/events/event-status-badge";
import { formatBytes } from "@/components/events/format-bytes";
import { buttonClasses } from "@/components/ui/button-classes";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { PageHeader } from "@/components/ui/page-header";
import { roleHasPermission } from "@/lib/access/permissions";
import { requireUser } from "@/lib/auth/session";
import { getEvent } from "@/lib/events/get-event";
import { newReplayToken } from "@/lib/events/replay-event";
import { cancelDeliveryAction, retryDeliveryAction } from "../../deliveries/actions";
import { replayEventAction } from "../actions";

// The title and the page read the event once per request.
const loadEvent = cache((id: string) => getEvent({ id }));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const event = await loadEvent((await params).id);
  return { title: event ? eventName(event) : "Event" };
}

export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [event, me] = await Promise.all([loadEvent(id), requireUser()]);
  if (!event) notFound();
  // A viewer sees the event without the Replay, Retry and Cancel buttons the server would refuse.
  const mayRetry = roleHasPermission(me.role, "delivery.retry");
  const mayDraftRules = roleHasPermission(me.role, "rule.test");
  const headerLines = Object.entries(event.headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join("\n");

  const verification = event.verification as { scheme?: string; verified?: boolean; secretHint?: string; signedAt?: string };
  const facts = [
    ["Source", <Link key="s" href={`/sources/${event.source.id}`} className="text-indigo-700 hover:underline">{event.source.name}</Link>],
    ["Received", event.receivedAt.toISOString().replace("T", " ").replace("Z", " UTC")],
    ["Status", <EventStatusBadge key="st" status={event.status} />],
    ["Event type", event.eventType ?? "(not given)"],
    [
      "Summary",
      event.summary ? (
        <span key="sm">
          {event.summary}{" "}
          <Link href={`/sources/${event.source.id}#summary`} className="text-xs text-indigo-700 hover:underline">
            (template)
          </Link>
        </span>
      ) : (
        <span key="sm" className="text-slate-500">
          none: <Link href={`/sources/${event.source.id}#summary`} className="text-indigo-700 hover:underline">set the source&apos;s summary template</Link>
        </span>
      ),
    ],
    [
      "Tags",
      event.tags.length > 0 ? (
        <span key="t" className="flex flex-wrap gap-1" data-testid="event-tags">
          {event.tags.map((tag) => (
            <Badge key={tag} tone="blue">
              {tag}
            </Badge>
          ))}
        </span>
      ) : (
        "none"
      ),
    ],
    [
      "Routing fields",
      Object.keys(event.routing).length > 0 ? (
        <span key="r" className="font-mono text-xs">
          {Object.entries(event.routing)
            .map(([key, value]) => `${key} = ${value}`)
            .join(", ")}
        </span>
      ) : (
        "none"
      ),
    ],
    [
      "Verification",
      verification.verified ? (
        <span key="v">
          Signature verified ({verification.scheme}){verification.secretHint ? <>, secret <code className="font-mono text-xs">{verification.secretHint}</code></> : null}
          {verification.signedAt ? `, signed ${verification.signedAt.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC")}` : null}
        </span>
      ) : (
        <span key="v" className="text-amber-800">Not verified: the source accepts unsigned requests</span>
      ),
    ],
    ["Duplicate check", event.dedupeKey ? <code key="d" className="break-all font-mono text-xs">{event.dedupeKey}</code> : "no delivery id"],
    [
      "Duplicates seen",
      event.duplicateCount > 0
        ? `${event.duplicateCount}, last ${event.lastDuplicateAt?.toISOString().replace("T", " ").replace("Z", " UTC") ?? ""}`
        : "none",
    ],
    ["Processed", event.processedAt ? event.processedAt.toISOString().replace("T", " ").replace("Z", " UTC") : "not yet"],
    ["Request", `${event.method} ${event.contentType ?? "(no content type)"}, ${formatBytes(event.bodySize)}`],
    ["Query string", event.query || "(none)"],
    ["Event id", <code key="id" className="font-mono text-xs">{event.id}</code>],
  ] as const;

  return (
    <>
      <PageHeader
        title={<span className={`break-words ${event.summary ? "" : "italic"}`} data-testid="event-title">{eventName(event)}</span>}
        description={
          <span className="flex flex-wrap gap-x-3">
            <Link href="/events" className="text-indigo-700 hover:underline">← All events</Link>
            <span className="text-slate-500">
              {event.source.name} · {event.receivedAt.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC")}
            </span>
          </span>
        }
        actions={
          <div className="flex flex-wrap items-start gap-3">
            {/* catchUp: an event opened just after it arrived is often routed between this render
                and the stream listening; that change would otherwise never be shown. */}
            <LiveRefresh watch={[{ kind: "event", id }, { kind: "delivery", eventId: id }]} catchUp />
            {mayDraftRules ? (
              <Link href={`/sources/${event.source.id}/rules/new?event=${event.id}`} className={buttonClasses("secondary")}>
                Create a rule from this event
              </Link>
            ) : null}
            {mayRetry ? <ReplayEventButton eventId={event.id} token={newReplayToken()} action={replayEventAction} /> : null}
          </div>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Details" className="lg:col-span-1">
          <dl className="space-y-3 text-sm">
            {facts.map(([label, value]) => (
              <div key={label}>
                <dt className="text-xs font-medium text-slate-500">{label}</dt>
                <dd className="mt-0.5 text-slate-900">{value}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <div className="space-y-6 lg:col-span-2">
          <Card title="Deliveries">
            <DeliveryList deliveries={event.deliveries} deliveryActions={mayRetry ? { retry: retryDeliveryAction, cancel: cancelDeliveryAction } : null} />
          </Card>
          <Card title="Routing trace">
            <RoutingRuns runs={event.routingRuns} destinationNames={new Map(event.deliveries.map((delivery) => [delivery.destination.id, delivery.destination.name]))} />
          </Card>
          <Card title="Body">
            <EventBody eventId={event.id} sourceId={event.source.id} body={event.body} contentType={event.contentType} parseError={event.parseError} />
          </Card>
          <Card title="Headers" actions={headerLines ? <CopyButton value={headerLines} label="Copy headers" /> : undefined}>
            <p className="mb-2 text-xs text-slate-500">Names in lower case, as stored; credential headers of API-key and basic-auth sources are redacted.</p>
            <table className="w-full text-left text-xs">
              <tbody className="divide-y divide-slate-100">
                {Object.entries(event.headers).map(([name, value]) => (
                  <tr key={name}>
                    <th scope="row" className="w-1/3 py-1.5 pr-4 align-top font-mono font-medium text-slate-600">{name}</th>
                    <td className="break-all py-1.5 font-mono text-slate-900">{value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        </div>
      </div>
    </>
  );
}
