// "Failing now": what needs attention at this moment, apart from the range's history. Zero says so
// plainly ("Nothing is failing now"), so an overview after a recovery does not read as an outage.
import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";
import type { FailingNow, FailingNowDestination } from "@/lib/overview/get-failing-now";

const REASON: Record<FailingNowDestination["reason"], { label: string; tone: BadgeTone }> = {
  circuit_open: { label: "circuit open", tone: "red" },
  paused: { label: "paused", tone: "amber" },
  failing: { label: "failing", tone: "red" },
};

export function FailingNowPanel({ failingNow, now }: { failingNow: FailingNow; now: Date }) {
  const calm = failingNow.destinationCount === 0 && failingNow.retryingDeliveries === 0;
  return (
    <div className="space-y-3" data-testid="failing-now" data-calm={calm}>
      {calm ? (
        <p className="text-sm text-emerald-700">
          <span aria-hidden>✓ </span>Nothing is failing now: every destination is delivering and no delivery is waiting for a retry.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {failingNow.destinations.map((destination) => (
            <li key={destination.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span className="flex flex-wrap items-center gap-2">
                <Link href={`/destinations/${destination.id}`} className="font-medium text-indigo-700 hover:underline">
                  {destination.name}
                </Link>
                <Badge tone={REASON[destination.reason].tone}>{REASON[destination.reason].label}</Badge>
              </span>
              <span className="text-xs text-slate-600">
                {destination.consecutiveFailures > 0 ? (
                  <>
                    {destination.consecutiveFailures.toLocaleString("en")} failed attempt{destination.consecutiveFailures === 1 ? "" : "s"} in a row
                    {destination.failingSince ? (
                      <>
                        {" "}
                        since <TimeAgo date={destination.failingSince} now={now} />
                      </>
                    ) : null}
                    {" · "}
                  </>
                ) : null}
                {destination.waiting.toLocaleString("en")} waiting
              </span>
            </li>
          ))}
          {failingNow.destinationCount > failingNow.destinations.length ? (
            <li className="py-2 text-xs text-slate-500">
              and {(failingNow.destinationCount - failingNow.destinations.length).toLocaleString("en")} more ·{" "}
              <Link href="/destinations" className="text-indigo-700 hover:underline">
                All destinations
              </Link>
            </li>
          ) : null}
          {failingNow.retryingDeliveries > 0 ? (
            <li className="py-2 text-sm text-slate-700">
              <Link href="/deliveries?status=retrying" className="font-medium text-amber-800 hover:underline">
                {failingNow.retryingDeliveries.toLocaleString("en")} {failingNow.retryingDeliveries === 1 ? "delivery" : "deliveries"} retrying
              </Link>{" "}
              (an attempt failed; another is scheduled)
            </li>
          ) : null}
        </ul>
      )}
      {failingNow.failedDeliveries > 0 ? (
        <p className="text-xs text-slate-600">
          <Link href="/deliveries?status=failed" className="font-medium text-red-700 hover:underline">
            {failingNow.failedDeliveries.toLocaleString("en")} failed {failingNow.failedDeliveries === 1 ? "delivery" : "deliveries"}
          </Link>{" "}
          (no retries left, any time) can be retried from Deliveries.
        </p>
      ) : null}
    </div>
  );
}
