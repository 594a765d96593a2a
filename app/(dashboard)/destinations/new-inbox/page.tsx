// New inbox: a destination agents pull from or stream from (no public URL needed), with a lease
// and the attempts before a message is dead-lettered.
import type { Metadata } from "next";
import Link from "next/link";
import { CreateInboxForm } from "@/components/inboxes/create-inbox-form";
import { PageHeader } from "@/components/ui/page-header";
import { DEFAULT_LEASE_SECONDS, DEFAULT_MAX_ATTEMPTS } from "@/lib/inboxes/schema";
import { createInboxAction } from "../inbox-actions";

export const metadata: Metadata = { title: "New inbox" };

export default function NewInboxPage() {
  return (
    <>
      <PageHeader
        title="New inbox"
        description={
          <>
            <Link href="/destinations" className="text-indigo-700 hover:underline">
              ← All destinations
            </Link>
            <span className="mt-1 block">
              For agents without a public URL: rules forward events here, and agents receive them over plain HTTP (pull or stream) with an inbox token, or with{" "}
              <code className="font-mono">npx switchyard listen</code>.
            </span>
          </>
        }
      />
      <CreateInboxForm createInbox={createInboxAction} defaults={{ leaseSeconds: DEFAULT_LEASE_SECONDS, maxAttempts: DEFAULT_MAX_ATTEMPTS }} />
    </>
  );
}
