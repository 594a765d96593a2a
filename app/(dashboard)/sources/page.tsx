// Sources: one per system that sends webhooks; each has its own URL.
import type { Metadata } from "next";
import { CreateSourceForm } from "@/components/sources/create-source-form";
import { SourceTable } from "@/components/sources/source-table";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listSources } from "@/lib/sources/list-sources";
import { createSourceAction } from "./actions";

export const metadata: Metadata = { title: "Sources" };

export default async function SourcesPage() {
  const sources = await listSources();
  return (
    <>
      <PageHeader title="Sources" description="A source is one sender of webhooks. Each source gets its own secret URL to paste into the sender's webhook settings." />
      <Card title="New source" className="mb-6">
        <CreateSourceForm action={createSourceAction} />
      </Card>
      {sources.length === 0 ? (
        <EmptyState title="No sources yet">Create your first source above to get a URL for your webhooks.</EmptyState>
      ) : (
        <SourceTable sources={sources} />
      )}
    </>
  );
}
