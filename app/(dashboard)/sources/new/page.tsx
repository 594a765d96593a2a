// New source: name, how its requests are verified, its secret, and the advanced settings.
import type { Metadata } from "next";
import Link from "next/link";
import { CreateSourceForm } from "@/components/sources/create-source-form";
import { UnreachableUrlWarning } from "@/components/sources/unreachable-url-warning";
import { PageHeader } from "@/components/ui/page-header";
import { describeSchemes } from "@/lib/sources/describe-schemes";
import { appIngestReachability } from "@/lib/sources/ingest-reachability";
import { checkSecretAction, createSourceAction } from "../actions";

export const metadata: Metadata = { title: "New source" };

export default function NewSourcePage() {
  const reachability = appIngestReachability();
  return (
    <>
      <PageHeader
        title="New source"
        description={
          <>
            <Link href="/sources" className="text-indigo-700 hover:underline">
              ← All sources
            </Link>
            <span className="mt-1 block">You get the URL to paste into the sender as soon as the source is created.</span>
          </>
        }
      />
      {reachability.public ? null : (
        <div className="-mt-3 mb-6">
          <UnreachableUrlWarning host={reachability.host} reason={reachability.reason} />
        </div>
      )}
      <CreateSourceForm schemes={describeSchemes()} createSource={createSourceAction} checkSecret={checkSecretAction} />
    </>
  );
}
