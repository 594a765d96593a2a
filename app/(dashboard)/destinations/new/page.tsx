// New destination: name, URL, headers, timeout, retries, pacing and the private-network switch.
import type { Metadata } from "next";
import Link from "next/link";
import { CreateDestinationForm } from "@/components/destinations/create-destination-form";
import { PageHeader } from "@/components/ui/page-header";
import { formatRetrySchedule } from "@/lib/destinations/retry-schedule-text";
import { DEFAULT_MAX_CONCURRENCY, DEFAULT_RETRY_SCHEDULE, DEFAULT_TIMEOUT_MS } from "@/lib/destinations/schema";
import { checkDestinationUrlAction, createDestinationAction } from "../actions";

export const metadata: Metadata = { title: "New destination" };

export default function NewDestinationPage() {
  const defaultRetrySchedule = formatRetrySchedule(DEFAULT_RETRY_SCHEDULE);
  return (
    <>
      <PageHeader
        title="New destination"
        description={
          <>
            <Link href="/destinations" className="text-indigo-700 hover:underline">
              ← All destinations
            </Link>
            <span className="mt-1 block">You get its signing secret, for the receiver to verify requests, as soon as it is created.</span>
          </>
        }
      />
      <CreateDestinationForm
        defaults={{
          name: "",
          url: "",
          headers: [],
          timeoutSeconds: DEFAULT_TIMEOUT_MS / 1000,
          retrySchedule: defaultRetrySchedule,
          maxConcurrency: DEFAULT_MAX_CONCURRENCY,
          rateLimitPerSecond: "",
          allowPrivateNetwork: false,
          orderingKey: "",
        }}
        defaultRetrySchedule={defaultRetrySchedule}
        createDestination={createDestinationAction}
        checkUrl={checkDestinationUrlAction}
      />
    </>
  );
}
