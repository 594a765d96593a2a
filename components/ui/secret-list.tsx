"use client";

import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { TimeAgo } from "@/components/ui/time-ago";

/** A stored secret as the UI sees it: masked, with its lifetime. */
export interface SecretSummary {
  id: string;
  hint: string;
  createdAt: string;
  expiresAt: string | null;
  active: boolean;
}

export type RevealResult = { ok: true; secret: string } | { ok: false; message: string };

function formatTime(iso: string): string {
  return iso.slice(0, 16).replace("T", " ") + " UTC";
}

function SecretStatus({ secret }: { secret: SecretSummary }) {
  if (!secret.active) return <Badge>expired</Badge>;
  if (secret.expiresAt) return <Badge tone="amber">expires {formatTime(secret.expiresAt)}</Badge>;
  return <Badge tone="green">active</Badge>;
}

function SecretItem({ secret, now, reveal }: { secret: SecretSummary; now: Date; reveal?: (secretId: string) => Promise<RevealResult> }) {
  const [revealed, setRevealed] = useState<RevealResult | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <li className="py-3" data-testid="secret-row">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <code className="font-mono text-sm text-slate-900">{secret.hint}</code>
        <SecretStatus secret={secret} />
        <span className="text-xs text-slate-500">
          added <TimeAgo date={new Date(secret.createdAt)} now={now} />
        </span>
        {reveal ? (
          <span className="ml-auto">
            {revealed?.ok ? (
              <Button variant="ghost" onClick={() => setRevealed(null)}>
                Hide
              </Button>
            ) : (
              <Button variant="secondary" disabled={pending} onClick={() => startTransition(async () => setRevealed(await reveal(secret.id)))}>
                {pending ? "Revealing…" : "Reveal"}
              </Button>
            )}
          </span>
        ) : null}
      </div>
      {revealed?.ok ? (
        <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-center">
          <code className="flex-1 break-all rounded-md bg-slate-100 px-3 py-2 font-mono text-sm text-slate-900" data-testid="revealed-secret">
            {revealed.secret}
          </code>
          <CopyButton value={revealed.secret} label="Copy" />
        </div>
      ) : null}
      {revealed && !revealed.ok ? <p className="mt-2 text-xs text-red-600">{revealed.message}</p> : null}
    </li>
  );
}

/** Masked secrets with their status and age; with `reveal`, each row can show its full value. */
export function SecretList({ secrets, now, reveal }: { secrets: SecretSummary[]; now: Date; reveal?: (secretId: string) => Promise<RevealResult> }) {
  return (
    <ul className="divide-y divide-slate-100">
      {secrets.map((secret) => (
        <SecretItem key={secret.id} secret={secret} now={now} reveal={reveal} />
      ))}
    </ul>
  );
}
