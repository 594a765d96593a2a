"use client";
// An inbox on its destination page: how many messages wait, are leased, acked or dead, how an
// agent consumes it (endpoints and the CLI), and its tokens: made here (shown once) and revoked.
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { OneTimeSecretBox } from "@/components/ui/one-time-secret-box";
import { ScriptForm } from "@/components/ui/script-form";
import type { CreateInboxTokenResult, RevokeInboxTokenResult } from "@/lib/inboxes/action-results";
import type { InboxTokenView, InboxView } from "@/lib/inboxes/schema";

export function InboxCard({
  inbox,
  tokens,
  apiBase,
  createToken,
  revokeToken,
}: {
  inbox: InboxView;
  tokens: InboxTokenView[];
  apiBase: string;
  createToken: (inboxId: string, name: string) => Promise<CreateInboxTokenResult>;
  revokeToken: (inboxId: string, tokenId: string) => Promise<RevokeInboxTokenResult>;
}) {
  const [name, setName] = useState("");
  const [created, setCreated] = useState<CreateInboxTokenResult | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const base = apiBase.replace(/\/api\/v1\/?$/, "");
  const listen = `npx switchyard listen ${inbox.id} --forward-to http://localhost:8000/hook --url ${base} --token <inbox token>`;
  const counts: Array<[string, number, string]> = [
    ["Waiting", inbox.counts.queued, "text-slate-900"],
    ["Leased", inbox.counts.leased, "text-indigo-700"],
    ["Acked", inbox.counts.acked, "text-emerald-700"],
    ["Dead", inbox.counts.dead, inbox.counts.dead > 0 ? "text-red-700" : "text-slate-900"],
  ];
  return (
    <div className="space-y-5" data-testid="inbox-card">
      <dl className="grid grid-cols-4 gap-3">
        {counts.map(([label, value, tone]) => (
          <div key={label} className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
            <dt className="text-xs text-slate-600">{label}</dt>
            <dd className={`text-lg font-semibold ${tone}`}>{value.toLocaleString("en")}</dd>
          </div>
        ))}
      </dl>
      <p className="text-sm text-slate-700">
        Agents receive messages with a lease of {inbox.leaseSeconds} s and ack each one; a message received {inbox.maxAttempts} times without an ack is dead-lettered and shows up
        below as a failed delivery, which you can retry.
      </p>
      <div className="space-y-2 text-sm">
        <h3 className="font-semibold text-slate-900">Consume it</h3>
        <ul className="space-y-1 font-mono text-xs text-slate-800">
          <li>POST {apiBase}/inboxes/{inbox.id}/messages/receive</li>
          <li>GET {apiBase}/inboxes/{inbox.id}/stream (server-sent events)</li>
          <li>POST …/messages/&#123;messageId&#125;/ack · /nack · /extend-lease</li>
        </ul>
        <div className="flex items-start gap-2">
          <code className="block flex-1 break-all rounded bg-slate-900 p-2 font-mono text-xs text-slate-100" data-testid="listen-command">
            {listen}
          </code>
          <CopyButton value={listen} />
        </div>
      </div>
      <div className="space-y-3">
        <h3 className="text-sm font-semibold text-slate-900">Inbox tokens</h3>
        <p className="text-xs text-slate-600">A token reads and acks this inbox only: give one to each agent.</p>
        {created?.ok ? (
          <OneTimeSecretBox title={`Token “${created.token.name}”`} secret={created.plaintext} onDismiss={() => setCreated(null)} note={<>It is shown this once; revoke it and make another if it is lost.</>} />
        ) : null}
        {created && !created.ok ? <Alert tone="error">{created.message}</Alert> : null}
        {revokeError ? <Alert tone="error">{revokeError}</Alert> : null}
        <ScriptForm
          className="flex gap-2"
          onSubmit={(submitted) => {
            submitted.preventDefault();
            startTransition(async () => {
              const result = await createToken(inbox.id, name);
              setCreated(result);
              if (result.ok) setName("");
            });
          }}
        >
          <input
            value={name}
            onChange={(changed) => setName(changed.target.value)}
            placeholder="Token name, e.g. laptop agent"
            aria-label="Token name"
            maxLength={100}
            className="block flex-1 rounded-md border border-slate-300 px-3 py-2 text-sm shadow-xs"
          />
          <Button type="submit" disabled={pending || name.trim() === ""}>
            Create token
          </Button>
        </ScriptForm>
        {tokens.length === 0 ? (
          <p className="text-sm text-slate-500">No tokens yet: create one for the agent that consumes this inbox.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-md ring-1 ring-slate-200" data-testid="inbox-tokens">
            {tokens.map((token) => (
              <li key={token.id} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
                <span>
                  <span className="font-medium text-slate-900">{token.name}</span> <span className="font-mono text-xs text-slate-600">{token.prefix}…</span>
                  <span className="ml-2 text-xs text-slate-500">{token.revokedAt ? "revoked" : token.lastUsedAt ? `last used ${new Date(token.lastUsedAt).toISOString().slice(0, 16).replace("T", " ")} UTC` : "never used"}</span>
                </span>
                {token.revokedAt ? null : (
                  <Button
                    variant="secondary"
                    disabled={pending}
                    onClick={() =>
                      startTransition(async () => {
                        const result = await revokeToken(inbox.id, token.id);
                        setRevokeError(result.ok ? null : result.message);
                      })
                    }
                  >
                    Revoke
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
