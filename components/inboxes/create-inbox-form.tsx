"use client";
// The New inbox form: a name, the lease and the attempts before dead-lettering. On success its
// signing secret is shown once, with the way on to the inbox's page (tokens are made there).
import Link from "next/link";
import { useState, useTransition } from "react";
import { SigningSecretOnce } from "@/components/destinations/signing-secret-once";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { buttonClasses } from "@/components/ui/button-classes";
import type { CreateInboxResult } from "@/lib/inboxes/action-results";

const input = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-xs focus:border-indigo-500 focus:outline-none";

export function CreateInboxForm({ createInbox, defaults }: { createInbox: (form: FormData) => Promise<CreateInboxResult>; defaults: { leaseSeconds: number; maxAttempts: number } }) {
  const [result, setResult] = useState<CreateInboxResult | null>(null);
  const [pending, startTransition] = useTransition();
  if (result?.ok) {
    return (
      <div className="space-y-4 rounded-lg bg-white p-4 shadow-xs ring-1 ring-slate-200" data-testid="inbox-created">
        <SigningSecretOnce title="Inbox created: its signing secret" secret={result.secret}>
          Agents verify every message with it.
        </SigningSecretOnce>
        <Link href={`/destinations/${result.id}`} className={buttonClasses("primary")}>
          Open the inbox to make a token →
        </Link>
      </div>
    );
  }
  return (
    <form
      className="max-w-xl space-y-4 rounded-lg bg-white p-4 shadow-xs ring-1 ring-slate-200"
      action={(form) => startTransition(async () => setResult(await createInbox(form)))}
    >
      {result && !result.ok ? <Alert tone="error">{result.message}</Alert> : null}
      <label className="block text-sm font-medium text-slate-800">
        Name
        <input name="name" required maxLength={100} className={input} placeholder="e.g. Support agent" />
      </label>
      <label className="block text-sm font-medium text-slate-800">
        Lease (seconds)
        <input name="leaseSeconds" type="number" min={1} max={43200} defaultValue={defaults.leaseSeconds} className={input} />
        <span className="mt-1 block text-xs font-normal text-slate-600">How long an agent has to ack a message it received before it is handed out again.</span>
      </label>
      <label className="block text-sm font-medium text-slate-800">
        Attempts before dead-lettering
        <input name="maxAttempts" type="number" min={1} max={100} defaultValue={defaults.maxAttempts} className={input} />
        <span className="mt-1 block text-xs font-normal text-slate-600">A message received this many times without an ack fails, and waits in Deliveries for a retry.</span>
      </label>
      <label className="block text-sm font-medium text-slate-800">
        Ordering key (optional)
        <input name="orderingKey" maxLength={300} className={`${input} font-mono`} placeholder="e.g. {{ticket.id}}" autoComplete="off" spellCheck={false} />
        <span className="mt-1 block text-xs font-normal text-slate-600">
          Messages with the same key are handed out one at a time, in the order their events were received, whichever agent receives them; different keys flow in parallel. A
          template over the event: {"{{ticket.id}}"}, {"{{headers.x-shop-domain}}"}. A message nacked or dead-lettered holds its key until it is acked, retried or skipped.
          Empty: no ordering.
        </span>
      </label>
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create inbox"}
      </Button>
    </form>
  );
}
