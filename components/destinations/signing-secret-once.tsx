"use client";

import type { ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";

/** How a receiver checks our requests, next to a secret shown once. */
export function VerificationNote() {
  return (
    <div className="text-xs text-slate-700" data-testid="verification-note">
      <p>
        Every request is signed the{" "}
        <a href="https://www.standardwebhooks.com/" target="_blank" rel="noreferrer" className="text-indigo-700 hover:underline">
          Standard Webhooks
        </a>{" "}
        way, with three headers: <code className="font-mono">webhook-id</code>, <code className="font-mono">webhook-timestamp</code> and{" "}
        <code className="font-mono">webhook-signature</code>.
      </p>
      <p className="mt-1">
        The receiver base64-decodes the part of the secret after <code className="font-mono">whsec_</code>, computes HMAC-SHA256 over{" "}
        <code className="font-mono">{"{webhook-id}.{webhook-timestamp}.{body}"}</code>, base64-encodes it and compares it with each{" "}
        <code className="font-mono">v1,…</code> entry of webhook-signature (several during a rotation), rejecting timestamps more than a few minutes old. The Standard Webhooks libraries do all of this in one call.
      </p>
    </div>
  );
}

/** A destination's signing secret, shown once, with copy and how receivers verify. */
export function SigningSecretOnce({ title, secret, children, onDismiss }: { title: string; secret: string; children?: ReactNode; onDismiss?: () => void }) {
  return (
    <div className="space-y-3 rounded-lg bg-amber-50 p-4 ring-1 ring-amber-300" data-testid="one-time-secret">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h3 className="text-sm font-semibold text-amber-950">{title}</h3>
        {onDismiss ? (
          <button type="button" onClick={onDismiss} className="rounded-md px-2 py-0.5 text-xs font-medium text-amber-900 hover:bg-amber-100">
            I&apos;ve saved it
          </button>
        ) : null}
      </div>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <code className="flex-1 break-all rounded-md bg-white px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-amber-200" data-testid="one-time-secret-value">
          {secret}
        </code>
        <CopyButton value={secret} label="Copy secret" />
      </div>
      <p className="text-xs text-amber-900">
        {children} Give it to the receiver so it can verify requests. <strong>It is shown this once</strong>; if it is lost, rotate the secret.
      </p>
      <VerificationNote />
    </div>
  );
}
