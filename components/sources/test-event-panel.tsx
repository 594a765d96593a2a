"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import type { TestEventOutcome } from "@/lib/sources/action-results";

/** What a receiver's status code means, for someone testing their source. */
function explain(status: number): { tone: "success" | "warning" | "error"; text: string } {
  if (status >= 200 && status < 300) return { tone: "success", text: "Accepted: the request passed every check of the receiver." };
  switch (status) {
    case 401:
      return {
        tone: "error",
        text: "Refused (401 Unauthorized): the signature or credential did not verify. The test is signed with this source's newest active secret, so this usually means no secret is active or the scheme's settings do not match how the request is signed. The receiver's answer below says what failed; the refusal is listed under Recent rejections.",
      };
    case 403:
      return {
        tone: "error",
        text: "Refused (403 Forbidden): the request came from an address the IP allowlist does not include. The test is sent by this server to itself (127.0.0.1 or ::1); add that address to test from here.",
      };
    case 404:
      return { tone: "error", text: "Not found (404): no source has this URL any more." };
    case 410:
      return { tone: "warning", text: "Gone (410): this source is disabled, so it refuses every webhook. Enable it under Settings to receive again." };
    case 413:
      return { tone: "error", text: "Too large (413): the sample body is over this source's body size limit." };
    case 429:
      return { tone: "warning", text: "Too many requests (429): the receiver is limiting this source; try again shortly." };
    default:
      return status >= 500
        ? { tone: "error", text: `Server error (${status}): the receiver failed. The server log has the details.` }
        : { tone: "error", text: `Refused (${status}). The receiver's answer below says why.` };
  }
}

const DUPLICATE = { tone: "success", text: "Already received: a delivery with the same id was stored before, so this one was acknowledged but not stored again." } as const;

function isDuplicate(body: string): boolean {
  try {
    return (JSON.parse(body) as { duplicate?: unknown }).duplicate === true;
  } catch {
    return false;
  }
}

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function duration(seconds: number): string {
  if (seconds % 3600 === 0 && seconds >= 3600) return `${seconds / 3600} hour${seconds === 3600 ? "" : "s"}`;
  if (seconds % 60 === 0 && seconds >= 60) return `${seconds / 60} minute${seconds === 60 ? "" : "s"}`;
  return `${seconds} seconds`;
}

export function TestEventPanel({
  sourceId,
  sendTestEvent,
  curl,
  validForSeconds,
  verifies,
  hasActiveSecret,
}: {
  sourceId: string;
  sendTestEvent: (sourceId: string) => Promise<TestEventOutcome>;
  curl: string | null;
  validForSeconds: number | null;
  verifies: boolean;
  hasActiveSecret: boolean;
}) {
  const [outcome, setOutcome] = useState<TestEventOutcome | null>(null);
  const [pending, startTransition] = useTransition();

  function send() {
    startTransition(async () => {
      setOutcome(await sendTestEvent(sourceId));
    });
  }

  const credentialPlaceholder = curl?.includes("<your credential>") ?? false;
  const result = outcome?.ok ? outcome.result : null;
  const meaning = result ? (isDuplicate(result.body) ? DUPLICATE : explain(result.status)) : null;
  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <div className="flex flex-wrap items-center gap-3">
          <Button onClick={send} disabled={pending}>
            {pending ? "Sending…" : "Send a test event"}
          </Button>
          <p className="text-sm text-slate-600">
            Posts a sample payload{verifies ? ", signed with the newest active secret," : ""} to the URL above over real HTTP, so every check of the receiver runs and the event is stored like any other.
          </p>
        </div>
        {verifies && !hasActiveSecret ? <Alert tone="warning">This source has no active secret, so the test will be refused. Add one under Secrets.</Alert> : null}
        {outcome && !outcome.ok ? <Alert tone="error">{outcome.message}</Alert> : null}
        {result && meaning ? (
          <div className="space-y-3 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200" data-testid="test-event-result">
            <div className="flex flex-wrap items-center gap-3">
              <span className="text-sm font-medium text-slate-700">Receiver answered</span>
              <Badge tone={meaning.tone === "success" ? "green" : meaning.tone === "warning" ? "amber" : "red"}>
                <span data-testid="test-event-status">{result.status}</span>
              </Badge>
              {result.eventId ? (
                <Link href={`/events/${result.eventId}`} className="text-sm font-medium text-indigo-700 hover:underline">
                  Open the stored event →
                </Link>
              ) : null}
            </div>
            <p className="text-sm text-slate-700">{meaning.text}</p>
            {result.body ? (
              <pre className="max-h-64 overflow-auto rounded-md bg-white p-3 font-mono text-xs text-slate-800 ring-1 ring-slate-200">{pretty(result.body)}</pre>
            ) : null}
          </div>
        ) : null}
      </div>

      {curl ? (
        <div className="space-y-2 border-t border-slate-200 pt-4">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 className="text-sm font-semibold text-slate-900">Or from a terminal</h3>
            <CopyButton value={curl} label="Copy command" />
          </div>
          <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100" data-testid="curl-command">
            {curl}
          </pre>
          <p className="text-xs text-slate-500">
            {!verifies
              ? "No signature is needed: this source accepts any request."
              : credentialPlaceholder
                ? "Replace <your credential> with the secret (Reveal it under Secrets); it is left out here so it is not copied by accident."
                : validForSeconds !== null
                  ? `The signature covers a timestamp taken when this page loaded, so the command works for ${duration(validForSeconds)} (this source's tolerance); reload the page for a fresh one.`
                  : "The signature carries no timestamp, so the command keeps working as long as the secret that signed it is active (and, for schemes that sign the URL, such as Twilio, as long as the URL stays the same)."}
          </p>
        </div>
      ) : null}
    </div>
  );
}
