"use client";
// "Billing is healthy again — retry its 12 failed deliveries?": shown on a destination whose
// endpoint works again (lib/destinations/get-destination-recovery.ts) while deliveries that failed
// on it wait. One click starts a bulk retry of them; the page then shows its progress and how the
// retries end (?operation=<id>).
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { StartBulkRetryResult } from "@/lib/deliveries/action-results";
import type { DestinationRecoveryView } from "@/lib/destinations/schema";

const EVIDENCE: Record<NonNullable<DestinationRecoveryView["evidence"]>, string> = {
  attempt_succeeded: "its latest delivery attempt succeeded",
  test_succeeded: "a test delivery just succeeded",
};

export function HealthyAgainBanner({
  destinationId,
  destinationName,
  recovery,
  retryFailed,
}: {
  destinationId: string;
  destinationName: string;
  recovery: DestinationRecoveryView;
  retryFailed: (destinationId: string) => Promise<StartBulkRetryResult>;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (!recovery.healthyAgain || !recovery.evidence) return null;
  const count = recovery.failed.toLocaleString("en");
  const noun = recovery.failed === 1 ? "delivery" : "deliveries";

  function retry() {
    setError(null);
    startTransition(async () => {
      try {
        const result = await retryFailed(destinationId);
        if (!result.ok) {
          setError(result.message);
          return;
        }
        router.push(`/destinations/${destinationId}?${new URLSearchParams({ operation: result.operationId })}`);
      } catch {
        setError("Could not reach Switchyard; try again.");
      }
    });
  }

  return (
    <div role="status" data-testid="healthy-again" className="mb-6 rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-900 ring-1 ring-inset ring-emerald-200">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p>
          <strong>{destinationName} is healthy again</strong> ({EVIDENCE[recovery.evidence]}), and {count} failed {noun} {recovery.failed === 1 ? "waits" : "wait"}.{" "}
          <Link href={`/deliveries?${new URLSearchParams({ destination: destinationId, status: "failed" })}`} className="font-medium underline">
            See {recovery.failed === 1 ? "it" : "them"}
          </Link>
        </p>
        <Button onClick={retry} disabled={pending} className="shrink-0">
          {pending ? "Starting…" : `Retry ${count} failed`}
        </Button>
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
