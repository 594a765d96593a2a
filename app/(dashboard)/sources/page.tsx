// Sources: one per system that sends webhooks; each has its own URL.
import type { Metadata } from "next";
import Link from "next/link";
import { SourceTable } from "@/components/sources/source-table";
import { UnreachableUrlWarning } from "@/components/sources/unreachable-url-warning";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button-classes";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { describeSchemes } from "@/lib/sources/describe-schemes";
import { appIngestReachability } from "@/lib/sources/ingest-reachability";
import { listSources } from "@/lib/sources/list-sources";

export const metadata: Metadata = { title: "Sources" };

export default async function SourcesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { deleted, events } = await searchParams;
  const sources = await listSources();
  const reachability = appIngestReachability();
  const schemeLabels = Object.fromEntries(describeSchemes().map((scheme) => [scheme.id, scheme.label]));
  const newSource = (
    <Link href="/sources/new" className={buttonClasses("primary")}>
      New source
    </Link>
  );
  return (
    <>
      <PageHeader
        title="Sources"
        description="A source is one sender of webhooks. Each gets its own secret URL to paste into the sender's webhook settings, and checks that requests really come from that sender."
        actions={sources.length > 0 ? newSource : undefined}
      />
      {reachability.public ? null : (
        <div className="-mt-3 mb-6">
          <UnreachableUrlWarning host={reachability.host} reason={reachability.reason} />
        </div>
      )}
      {typeof deleted === "string" ? (
        <div className="mb-6">
          <Alert tone="success">
            Deleted “{deleted}”{typeof events === "string" && /^\d+$/.test(events) ? ` and its ${Number(events).toLocaleString("en")} stored event${events === "1" ? "" : "s"}` : ""}.
          </Alert>
        </div>
      ) : null}
      {sources.length === 0 ? (
        <EmptyState title="No sources yet">
          <p>Create a source for each system that sends you webhooks (a code host, a payment provider, a support desk…) to get a URL for it.</p>
          <div className="mt-4">{newSource}</div>
        </EmptyState>
      ) : (
        <SourceTable sources={sources} schemeLabels={schemeLabels} />
      )}
    </>
  );
}
