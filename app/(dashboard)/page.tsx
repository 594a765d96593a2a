// Overview: traffic and delivery outcomes over the last hour, day or week (?range=), the job queues,
// what is failing, and the first steps for a new instance. Refreshes itself as events and deliveries change.
import Link from "next/link";
import { LiveRefresh } from "@/components/live/live-refresh";
import { BarChart } from "@/components/overview/bar-chart";
import { ProcessTable } from "@/components/overview/process-table";
import { FailingDestinations } from "@/components/overview/failing-destinations";
import { QueueTable } from "@/components/overview/queue-table";
import { RangeTabs } from "@/components/overview/range-tabs";
import { SourceRejectionsTable } from "@/components/overview/source-rejections";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getOverview } from "@/lib/overview/get-overview";
import { OVERVIEW_RANGES, parseOverviewRange } from "@/lib/overview/range";
import { supervisorStatus } from "@/lib/runtime/supervisor-status";

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const range = parseOverviewRange((await searchParams).range);
  const overview = await getOverview({ range });
  const { activity } = overview;
  const attempts = activity.totals.succeeded + activity.totals.failed;
  const stats = [
    { label: "Sources", value: overview.sourceCount.toLocaleString("en") },
    { label: "Events received", value: activity.totals.events.toLocaleString("en") },
    { label: "Delivery attempts", value: attempts.toLocaleString("en") },
    { label: "Attempts succeeded", value: attempts === 0 ? "—" : `${Math.floor((activity.totals.succeeded / attempts) * 1000) / 10} %` },
  ];
  const rangeLabel = OVERVIEW_RANGES[range].label.toLowerCase();

  return (
    <>
      <PageHeader
        title="Overview"
        description="Webhooks received by this Switchyard instance and how their deliveries went."
        actions={<LiveRefresh watch={[{ kind: "event" }, { kind: "delivery" }, { kind: "destination" }]} toggle />}
      />
      <div className="mb-4">
        <RangeTabs current={range} />
      </div>
      <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        {stats.map((stat) => (
          <div key={stat.label} className="rounded-lg bg-white p-4 shadow-xs ring-1 ring-slate-200">
            <dt className="text-xs font-medium text-slate-500">{stat.label}</dt>
            <dd className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">{stat.value}</dd>
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
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card title="Events received">
          <BarChart
            title={`Events received, ${rangeLabel}`}
            range={range}
            bucketSeconds={activity.bucketSeconds}
            series={[{ label: "Events", fill: "fill-indigo-500", swatch: "bg-indigo-500" }]}
            buckets={activity.buckets.map((bucket) => ({ start: bucket.start, values: [bucket.events] }))}
            emptyText="No events in this range"
          />
        </Card>
        <Card title="Delivery attempts">
          <BarChart
            title={`Delivery attempts, ${rangeLabel}`}
            range={range}
            bucketSeconds={activity.bucketSeconds}
            series={[
              { label: "Succeeded", fill: "fill-emerald-500", swatch: "bg-emerald-500" },
              { label: "Failed", fill: "fill-red-500", swatch: "bg-red-500" },
            ]}
            buckets={activity.buckets.map((bucket) => ({ start: bucket.start, values: [bucket.succeeded, bucket.failed] }))}
            emptyText="No delivery attempts in this range"
          />
        </Card>
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card title="Top failing destinations">
          <FailingDestinations destinations={overview.failingDestinations} />
        </Card>
        <Card title="Rejected requests by source">
          <SourceRejectionsTable rows={overview.rejections} now={overview.now} />
        </Card>
      </div>
      <Card title="Job queues" className="mt-6">
        <QueueTable queues={overview.queues} now={overview.now} />
      </Card>
      <Card title="Processes" className="mt-6">
        <ProcessTable status={supervisorStatus()} now={overview.now} />
      </Card>
    </>
  );
}
