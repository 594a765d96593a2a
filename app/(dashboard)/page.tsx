// Overview: what arrived in the last day, and the first steps for a new instance.
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getOverview } from "@/lib/overview/get-overview";

export default async function OverviewPage() {
  const overview = await getOverview();
  const stats = [
    { label: "Sources", value: overview.sourceCount },
    { label: "Events, last 24 h", value: overview.eventsLast24h },
    { label: "Routed, last 24 h", value: overview.routedLast24h },
    { label: "Waiting to be routed", value: overview.pendingLast24h },
  ];
  return (
    <>
      <PageHeader title="Overview" description="Webhooks received by this Switchyard instance." />
      <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        {stats.map((stat) => (
          <div key={stat.label} className="rounded-lg bg-white p-4 shadow-xs ring-1 ring-slate-200">
            <dt className="text-xs font-medium text-slate-500">{stat.label}</dt>
            <dd className="mt-1 text-2xl font-semibold text-slate-900">{stat.value.toLocaleString("en")}</dd>
          </div>
        ))}
      </dl>
      {overview.sourceCount === 0 ? (
        <Card title="Get started" className="mt-6">
          <ol className="list-decimal space-y-2 pl-5 text-sm text-slate-700">
            <li>Create a source for each system that sends you webhooks (a support desk, a payment provider…).</li>
            <li>Paste the source&apos;s URL into that system&apos;s webhook settings.</li>
            <li>Watch events arrive on the Events page.</li>
          </ol>
          <Link href="/sources" className={buttonClasses("primary", "mt-4")}>
            Create a source
          </Link>
        </Card>
      ) : null}
    </>
  );
}
