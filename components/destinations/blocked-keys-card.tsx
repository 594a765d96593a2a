"use client";
// The destination's ordering key and the keys held up by a failing or failed head, each with
// Retry (the head goes again now) and Skip (the head is cancelled, the next of its key goes).

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { TimeAgo } from "@/components/ui/time-ago";
import type { DeliveryActionResult, RetryDeliveryActionResult } from "@/lib/deliveries/action-results";
import type { BlockedKeyView } from "@/lib/ordering/schema";

function KeyRow({ blocked, now, retry, skip }: { blocked: BlockedKeyView; now: string; retry: (id: string) => Promise<RetryDeliveryActionResult>; skip: (id: string) => Promise<DeliveryActionResult> }) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = (action: (id: string) => Promise<DeliveryActionResult | RetryDeliveryActionResult>) =>
    start(async () => {
      const result = await action(blocked.deliveryId);
      setMessage({ ok: result.ok, text: result.message });
    });
  return (
    <li className="py-3" data-testid="blocked-key">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1 text-sm">
          <p>
            <span className="font-mono font-medium text-slate-900" data-testid="blocked-key-name">
              {blocked.key}
            </span>{" "}
            <span className={blocked.status === "failed" ? "text-red-700" : "text-amber-700"}>
              {blocked.status === "failed" ? "blocked: its head failed for good" : `blocked while its head retries (attempt ${blocked.attempts})`}
            </span>
          </p>
          <p className="text-slate-700">
            Head:{" "}
            <a href={`/events/${blocked.eventId}`} className="text-indigo-700 hover:underline">
              {blocked.eventSummary ?? "event"}
            </a>{" "}
            · since <TimeAgo date={new Date(blocked.since)} now={new Date(now)} /> · <strong>{blocked.waiting}</strong> waiting behind it
            {blocked.nextAttemptAt ? (
              <>
                {" "}
                · next attempt <TimeAgo date={new Date(blocked.nextAttemptAt)} now={new Date(now)} />
              </>
            ) : null}
          </p>
          {blocked.lastError ? <p className="break-all font-mono text-xs text-slate-500">{blocked.lastError}</p> : null}
          {message ? (
            <p role="status" className={`text-xs ${message.ok ? "text-emerald-700" : "text-red-600"}`}>
              {message.text}
            </p>
          ) : null}
        </div>
        <div className="flex shrink-0 gap-2">
          <Button variant="secondary" onClick={() => run(retry)} disabled={pending}>
            Retry
          </Button>
          <Button variant="ghost" onClick={() => run(skip)} disabled={pending}>
            Skip
          </Button>
        </div>
      </div>
    </li>
  );
}

export function BlockedKeysCard({
  orderingKey,
  blocked,
  now,
  retry,
  skip,
}: {
  orderingKey: string;
  blocked: BlockedKeyView[];
  now: string;
  retry: (id: string) => Promise<RetryDeliveryActionResult>;
  skip: (id: string) => Promise<DeliveryActionResult>;
}) {
  return (
    <div className="space-y-3" data-testid="blocked-keys">
      <p className="text-sm text-slate-700">
        Ordered by <code className="font-mono">{orderingKey}</code>: deliveries with the same key go one at a time, in the order their events were received; other keys are never
        held up. A key whose first waiting delivery fails waits for it; once it has failed for good, the key stays blocked until you <strong>Retry</strong> it (it goes again now)
        or <strong>Skip</strong> it (it is cancelled and the next one goes).
      </p>
      {blocked.length === 0 ? (
        <p className="text-sm text-slate-500">No key is blocked.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {blocked.map((key) => (
            <KeyRow key={key.deliveryId} blocked={key} now={now} retry={retry} skip={skip} />
          ))}
        </ul>
      )}
    </div>
  );
}
