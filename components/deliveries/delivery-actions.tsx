"use client";
// "Retry" (failed, retrying, cancelled) and "Cancel retries" (pending, retrying) for one delivery,
// with a pending state and the outcome. The page refreshes itself (the action revalidates it, and
// the attempt's result arrives through LiveRefresh). The page passes the server actions down. With
// `onRetried`, a successful retry is handed to the caller (the deliveries table shows its attempt's
// outcome in the row) instead of a message here.
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { DeliveryActionResult, RetryDeliveryActionResult } from "@/lib/deliveries/action-results";

const RETRYABLE = new Set(["failed", "retrying", "cancelled"]);
const CANCELLABLE = new Set(["pending", "retrying"]);

/** The server actions behind the buttons, passed down from the page. */
export interface DeliveryActionHandlers {
  retry: (deliveryId: string) => Promise<RetryDeliveryActionResult>;
  cancel: (deliveryId: string) => Promise<DeliveryActionResult>;
}

export function DeliveryActions({
  deliveryId,
  status,
  handlers,
  onRetried,
}: {
  deliveryId: string;
  status: string;
  handlers: DeliveryActionHandlers;
  onRetried?: (result: Extract<RetryDeliveryActionResult, { ok: true }>) => void;
}) {
  const [pending, startTransition] = useTransition();
  const [running, setRunning] = useState<"retry" | "cancel" | null>(null);
  const [result, setResult] = useState<DeliveryActionResult | null>(null);
  // A success message lasts while the delivery waits; once it has an outcome, the row shows that.
  const shown = result && (!result.ok || (status !== "succeeded" && status !== "failed")) ? result : null;
  if (!RETRYABLE.has(status) && !CANCELLABLE.has(status) && !shown) return null;

  function run(kind: "retry" | "cancel") {
    setRunning(kind);
    setResult(null);
    startTransition(async () => {
      try {
        if (kind === "retry") {
          const retried = await handlers.retry(deliveryId);
          if (retried.ok && onRetried) onRetried(retried);
          else setResult(retried);
        } else setResult(await handlers.cancel(deliveryId));
      } catch {
        setResult({ ok: false, message: "Could not reach the server; try again." });
      }
      setRunning(null);
    });
  }

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex gap-2">
        {RETRYABLE.has(status) ? (
          <Button variant="secondary" className="px-2 py-1 text-xs" disabled={pending} onClick={() => run("retry")}>
            {running === "retry" ? "Retrying…" : "Retry"}
          </Button>
        ) : null}
        {CANCELLABLE.has(status) ? (
          <Button variant="ghost" className="px-2 py-1 text-xs" disabled={pending} onClick={() => run("cancel")}>
            {running === "cancel" ? "Cancelling…" : "Cancel retries"}
          </Button>
        ) : null}
      </div>
      {shown ? (
        <p role={shown.ok ? "status" : "alert"} className={`max-w-56 text-right text-xs ${shown.ok ? "text-slate-600" : "text-red-600"}`}>
          {shown.message}
        </p>
      ) : null}
    </div>
  );
}
