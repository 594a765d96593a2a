// One source: its ingest URL, how to send to it, and its latest events.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EventTable } from "@/components/events/event-table";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listEvents } from "@/lib/events/list-events";
import { getSource } from "@/lib/sources/get-source";
import { ingestUrl } from "@/lib/sources/ingest-url";

export const metadata: Metadata = { title: "Source" };

export default async function SourcePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const { created } = await searchParams;
  const source = await getSource({ id });
  if (!source) notFound();
  const url = ingestUrl(source);
  const { events } = await listEvents({ sourceId: source.id, limit: 10 });
  const curl = `curl -X POST '${url}' \\\n  -H 'Content-Type: application/json' \\\n  -d '{"type":"test.ping","hello":"world"}'`;

  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            {source.name} {source.enabled ? <Badge tone="green">enabled</Badge> : <Badge>disabled</Badge>}
          </span>
        }
        description={<Link href="/sources" className="text-indigo-700 hover:underline">← All sources</Link>}
      />
      {created ? (
        <div className="mb-6">
          <Alert tone="success">Source created. Paste its URL into the sender&apos;s webhook settings.</Alert>
        </div>
      ) : null}
      <div className="space-y-6">
        <Card title="Webhook URL">
          <p className="mb-2 text-sm text-slate-600">Anyone with this URL can post to it; treat it like a password.</p>
          <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
            <code className="flex-1 break-all rounded-md bg-slate-100 px-3 py-2 font-mono text-sm text-slate-900" data-testid="ingest-url">
              {url}
            </code>
            <CopyButton value={url} label="Copy URL" />
          </div>
        </Card>
        <Card title="Send a test request" actions={<CopyButton value={curl} label="Copy command" />}>
          <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100">{curl}</pre>
        </Card>
        <Card title="Latest events" actions={<Link href={`/events?source=${source.id}`} className="text-sm text-indigo-700 hover:underline">All events from this source</Link>}>
          {events.length === 0 ? (
            <EmptyState title="Nothing received yet">Send a request to the URL above; it will appear here.</EmptyState>
          ) : (
            <EventTable events={events} showSource={false} />
          )}
        </Card>
      </div>
    </>
  );
}
