// Overview: a notice when no worker runs, what is failing now (apart from history), then traffic
// and deliveries by their final outcome over the last hour, day or week (?range=), the job queues,
// and the first steps for a new instance. Deliveries are counted once each, by outcome, not by
// attempts: after a recovery the figures show it. Refreshes itself as events and deliveries change.
import Link from "next/link";
import { LiveRefresh } from "@/components/live/live-refresh";
import { BarChart } from "@/components/overview/bar-chart";
import { ProcessTable } from "@/components/overview/process-table";
import { FailingDestinations } from "@/components/overview/failing-destinations";
import { FailingNowPanel } from "@/components/overview/failing-now";
import { NoWorkerNotice } from "@/components/overview/no-worker-notice";
import { QueueTable } from "@/components/overview/queue-table";
import { RangeTabs } from "@/components/overview/range-tabs";
import { SourceRejectionsTable } from "@/components/overview/source-rejections";
import { buttonClasses } from "@/components/ui/button-classes";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getWorkerPresence } from "@/lib/metrics/worker-presence";
import { getOverview } from "@/lib/overview/get-overview";
import { OVERVIEW_RANGES, parseOverviewRange } from "@/lib/overview/range";
import { supervisorStatus } from "@/lib/runtime/supervisor-status";

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const range = parseOverviewRange((await searchParams).range);
  const now = new Date();
  const [overview, workers] = await Promise.all([getOverview({ range, now }), getWorkerPresence(now)]);
  const { activity } = overview;
  const { totals } = activity;
  const failingNowCount = overview.failingNow.destinationCount + overview.failingNow.retryingDeliveries;
  const stats = [
    { key: "events", label: "Events received", value: totals.events.toLocaleString("en"), note: null, tone: "" },
    {
      key: "deliveries",
      label: "Deliveries",
      value: totals.deliveries.toLocaleString("en"),
      note: `${totals.succeeded.toLocaleString("en")} succeeded · ${totals.failed.toLocaleString("en")} failed${totals.inProgress > 0 ? ` · ${totals.inProgress.toLocaleString("en")} in progress` : ""}`,
      tone: "",
    },
    {
      key: "delivered",
      label: "Delivered",
      value: totals.successRate === null ? "—" : `${Math.floor(totals.successRate * 1000) / 10} %`,
      note: "of deliveries with a final outcome",
      tone: "",
    },
    {
      key: "failing-now",
      label: "Failing now",
      value: failingNowCount.toLocaleString("en"),
      note: failingNowCount === 0 ? "all clear" : `${overview.failingNow.destinationCount} destination${overview.failingNow.destinationCount === 1 ? "" : "s"} · ${overview.failingNow.retryingDeliveries} retrying`,
      tone: failingNowCount === 0 ? "text-emerald-700" : "text-red-700",
    },
  ];
  const rangeLabel = OVERVIEW_RANGES[range].label.toLowerCase();
  const supervisor = supervisorStatus();

  return (
    <>
      <PageHeader
        title="Overview"
        description="Webhooks received by this Switchyard instance and how their deliveries went."
        actions={<LiveRefresh watch={[{ kind: "event" }, { kind: "delivery" }, { kind: "destination" }]} toggle />}
      />
      <NoWorkerNotice workers={workers} underLauncher={supervisor !== null} now={overview.now} />
      <Card title="Failing now" className="mb-6">
        <FailingNowPanel failingNow={overview.failingNow} now={overview.now} />
      </Card>
      <div className="mb-4">
        <RangeTabs current={range} />
      </div>
      <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        {stats.map((stat) => (
          <div key={stat.key} className="rounded-lg bg-white p-4 shadow-xs ring-1 ring-slate-200" data-testid={`stat-${stat.key}`}>
            <dt className="text-xs font-medium text-slate-500">{stat.label}</dt>
            <dd className={`mt-1 text-2xl font-semibold tabular-nums ${stat.tone || "text-slate-900"}`}>{stat.value}</dd>
            {stat.note ? <dd className="mt-0.5 text-xs text-slate-500">{stat.note}</dd> : null}
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
        <Card title="Deliveries by outcome">
          <BarChart
            title={`Deliveries by outcome, ${rangeLabel}`}
            range={range}
            bucketSeconds={activity.bucketSeconds}
            series={[
              { label: "Succeeded", fill: "fill-emerald-500", swatch: "bg-emerald-500" },
              { label: "Failed", fill: "fill-red-500", swatch: "bg-red-500" },
              { label: "In progress", fill: "fill-amber-400", swatch: "bg-amber-400" },
            ]}
            buckets={activity.buckets.map((bucket) => ({ start: bucket.start, values: [bucket.succeeded, bucket.failed, bucket.inProgress] }))}
            emptyText="No deliveries in this range"
          />
        </Card>
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card title="Failed deliveries by destination">
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
        <ProcessTable status={supervisor} now={overview.now} />
      </Card>
    </>
  );
}
