"use client";

import type { ReactNode } from "react";
import { OneTimeSecretBox } from "@/components/ui/one-time-secret-box";

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
    <OneTimeSecretBox
      title={title}
      secret={secret}
      onDismiss={onDismiss}
      spacing="space-y-3"
      note={
        <>
          {children} Give it to the receiver so it can verify requests. <strong>It is shown this once</strong>; if it is lost, rotate the secret.
        </>
      }
    >
      <VerificationNote />
    </OneTimeSecretBox>
  );
}
