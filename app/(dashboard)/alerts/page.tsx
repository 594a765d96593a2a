// Alerts: what is firing now and what fired before (?status=firing|resolved), with what was sent where.
import type { Metadata } from "next";
import Link from "next/link";
import { AlertHistoryTable } from "@/components/alerts/alert-history-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listAlerts } from "@/lib/alerts/list-alerts";
import { AlertListQuery } from "@/lib/alerts/schema";

export const metadata: Metadata = { title: "Alerts" };

const TABS = [
  { status: undefined, label: "All" },
  { status: "firing", label: "Firing" },
  { status: "resolved", label: "Resolved" },
] as const;

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const parsed = AlertListQuery.safeParse({ status: (await searchParams).status });
  const status = parsed.success ? parsed.data.status : undefined;
  const alerts = await listAlerts({ status, limit: 100 });
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Conditions Switchyard noticed, newest first: firing while they hold, resolved once they stop. Each row lists the notifications it sent."
        actions={
          <>
            <Link href="/settings/alerts" className="rounded-md px-3 py-2 text-sm font-medium text-indigo-700 ring-1 ring-slate-300 hover:bg-slate-50">
              Alert rules
            </Link>
            <Link href="/settings/notifications" className="rounded-md px-3 py-2 text-sm font-medium text-indigo-700 ring-1 ring-slate-300 hover:bg-slate-50">
              Notification channels
            </Link>
          </>
        }
      />
      <nav aria-label="Alert status" className="mb-4 flex gap-2">
        {TABS.map((tab) => (
          <Link
            key={tab.label}
            href={tab.status ? `/alerts?status=${tab.status}` : "/alerts"}
            aria-current={tab.status === status ? "page" : undefined}
            className={`rounded-full px-3 py-1 text-sm ${tab.status === status ? "bg-indigo-600 text-white" : "bg-white text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"}`}
          >
            {tab.label}
          </Link>
        ))}
      </nav>
      {alerts.length === 0 ? (
        <EmptyState title={status === "firing" ? "Nothing is firing" : "No alerts yet"}>
          The worker checks the alert rules every minute. When a destination fails, a source goes quiet or a queue backs up, it shows here and is sent to your notification channels.
        </EmptyState>
      ) : (
        <AlertHistoryTable alerts={alerts} />
      )}
    </>
  );
}
