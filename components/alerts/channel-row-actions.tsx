"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ChannelActionResult } from "@/lib/alerts/action-results";

/** A channel row's buttons: Send test notification (with its result, in words), On/Off, Delete (asked twice). */
export function ChannelRowActions({
  id,
  name,
  enabled,
  test,
  setEnabled,
  remove,
}: {
  id: string;
  name: string;
  enabled: boolean;
  test: (id: string) => Promise<ChannelActionResult>;
  setEnabled: (id: string, enabled: boolean) => Promise<ChannelActionResult>;
  remove: (id: string) => Promise<ChannelActionResult>;
}) {
  const [result, setResult] = useState<ChannelActionResult | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  const run = (task: () => Promise<ChannelActionResult>) =>
    startTransition(async () => {
      setResult(null);
      setResult(await task());
    });
  return (
    <div className="space-y-2">
      <div className="flex justify-end gap-2 whitespace-nowrap">
        <Button variant="secondary" disabled={pending} onClick={() => run(() => test(id))} aria-label={`Send test notification to ${name}`}>
          {pending ? "Sending…" : "Send test notification"}
        </Button>
        <Button variant="secondary" disabled={pending} onClick={() => run(() => setEnabled(id, !enabled))} aria-label={`${enabled ? "Turn off" : "Turn on"} ${name}`}>
          {enabled ? "Turn off" : "Turn on"}
        </Button>
        {confirming ? (
          <>
            <Button variant="danger" disabled={pending} onClick={() => run(() => remove(id))}>
              Delete
            </Button>
            <Button variant="ghost" onClick={() => setConfirming(false)}>
              Keep
            </Button>
          </>
        ) : (
          <Button variant="ghost" onClick={() => setConfirming(true)} aria-label={`Delete ${name}`}>
            Delete…
          </Button>
        )}
      </div>
      {result ? (
        <p role="status" className={`text-right text-xs ${result.ok ? "text-emerald-700" : "text-red-700"}`} data-testid="channel-action-result">
          {result.message}
        </p>
      ) : null}
    </div>
  );
}
