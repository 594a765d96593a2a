"use client";
// "Send a test delivery": one signed request to the destination now, through the same path as a
// real attempt, and its outcome in plain words (answered 200 in 84 ms; or "Connection refused: …"),
// with the latest test deliveries below. The page passes the server action and the recent ones.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { TimeAgo } from "@/components/ui/time-ago";
import type { SendTestDeliveryResult } from "@/lib/destinations/action-results";
import type { TestDeliveryView } from "@/lib/destinations/schema";

function outcomeLine(test: TestDeliveryView): string {
  if (test.ok) return `Delivered: the endpoint answered HTTP ${test.responseStatus ?? "?"} in ${test.durationMs} ms.`;
  if (test.responseStatus !== null) return `Failed: the endpoint answered HTTP ${test.responseStatus} (${test.durationMs} ms).`;
  return `Failed: ${test.errorMessage ?? "no answer"}.`.replace(/\.\.$/, ".");
}

function TestOutcome({ test, now }: { test: TestDeliveryView; now: Date }) {
  return (
    <div
      role={test.ok ? "status" : "alert"}
      data-testid="test-delivery-outcome"
      data-ok={test.ok}
      className={`rounded-md px-3 py-2 text-sm ring-1 ring-inset ${test.ok ? "bg-emerald-50 text-emerald-800 ring-emerald-200" : "bg-red-50 text-red-800 ring-red-200"}`}
    >
      <p className="font-medium">{outcomeLine(test)}</p>
      {!test.ok && test.responseStatus !== null && test.errorMessage ? <p className="mt-0.5">{test.errorMessage}</p> : null}
      {test.responseSnippet ? (
        <p className="mt-1 truncate font-mono text-xs opacity-80" title={test.responseSnippet}>
          {test.responseSnippet}
        </p>
      ) : null}
      <p className="mt-1 text-xs opacity-80">
        <TimeAgo date={new Date(test.startedAt)} now={now} /> by {test.actorLabel} · webhook-id <span className="font-mono">{test.webhookId}</span>
      </p>
    </div>
  );
}

export function TestDeliveryCard({
  destinationId,
  recent,
  now: nowText,
  sendTestDelivery,
}: {
  destinationId: string;
  /** The latest test deliveries, newest first. */
  recent: TestDeliveryView[];
  now: string;
  sendTestDelivery: (destinationId: string) => Promise<SendTestDeliveryResult>;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<TestDeliveryView | null>(null);
  const now = new Date(nowText);
  // The one just sent first, even before the page's own list has caught up.
  const shown = sent && recent[0]?.id !== sent.id ? [sent, ...recent] : recent;
  const [latest, ...earlier] = shown;

  function send() {
    setError(null);
    startTransition(async () => {
      try {
        const result = await sendTestDelivery(destinationId);
        if (!result.ok) {
          setError(result.message);
          return;
        }
        setSent(result.testDelivery);
        router.refresh();
      } catch {
        setError("Could not reach Switchyard; try again.");
      }
    });
  }

  return (
    <div className="space-y-3" data-testid="test-delivery">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-sm text-slate-700">
          Sends one signed request now (<span className="font-mono text-xs">{'{"type":"switchyard.test",…}'}</span>), exactly as a delivery is sent. It is not retried and does not count
          toward health or the circuit breaker.
        </p>
        <Button onClick={send} disabled={pending} className="shrink-0">
          {pending ? "Sending…" : "Send a test delivery"}
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
      {latest ? <TestOutcome test={latest} now={now} /> : <p className="text-sm text-slate-500">No test delivery sent yet.</p>}
      {earlier.length > 0 ? (
        <details className="text-sm">
          <summary className="cursor-pointer text-slate-600">Earlier test deliveries ({earlier.length})</summary>
          <ul className="mt-2 space-y-1">
            {earlier.map((test) => (
              <li key={test.id} className="flex flex-wrap gap-x-2 text-xs text-slate-600">
                <span className={test.ok ? "font-medium text-emerald-700" : "font-medium text-red-700"}>{test.ok ? "Delivered" : "Failed"}</span>
                <span>{test.responseStatus !== null ? `HTTP ${test.responseStatus}` : (test.errorClass ?? "")}</span>
                <TimeAgo date={new Date(test.startedAt)} now={now} />
                <span>by {test.actorLabel}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
