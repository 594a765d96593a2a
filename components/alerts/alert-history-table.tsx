import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import type { AlertView } from "@/lib/alerts/schema";

/** Alerts, newest first: what fired about what, whether it still holds, and what was sent where. */
export function AlertHistoryTable({ alerts }: { alerts: AlertView[] }) {
  return (
    <Table
      bodyTestId="alert-history"
      head={
        <>
          <Th>Status</Th>
          <Th>Alert</Th>
          <Th>Started</Th>
          <Th>Notified</Th>
        </>
      }
    >
      {alerts.map((alert) => (
        <tr key={alert.id} className="align-top">
          <Td>{alert.status === "firing" ? <Badge tone="red">firing</Badge> : <Badge tone="green">resolved</Badge>}</Td>
          <Td className="max-w-xl">
            <div className="font-medium text-slate-900">
              {alert.ruleTitle}:{" "}
              <Link href={alert.subject.path} className="text-indigo-700 hover:underline">
                {alert.subject.name}
              </Link>
            </div>
            <p className="mt-0.5 text-xs text-slate-600">{alert.summary}</p>
          </Td>
          <Td className="whitespace-nowrap text-xs text-slate-600">
            <TimeAgo date={new Date(alert.startedAt)} />
            {alert.resolvedAt ? (
              <div>
                resolved <TimeAgo date={new Date(alert.resolvedAt)} />
              </div>
            ) : null}
          </Td>
          <Td className="text-xs text-slate-600">
            {alert.notifications.length === 0 ? (
              <span title="No channel was on when it changed">no channel</span>
            ) : (
              <ul className="space-y-0.5">
                {alert.notifications.map((notification, index) => (
                  <li key={index} title={notification.error ?? undefined}>
                    {notification.kind} → {notification.channel}:{" "}
                    <span className={notification.status === "failed" ? "text-red-700" : notification.status === "sent" ? "text-emerald-700" : "text-amber-700"}>{notification.status}</span>
                  </li>
                ))}
              </ul>
            )}
          </Td>
        </tr>
      ))}
    </Table>
  );
}
