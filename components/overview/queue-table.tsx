// Work waiting in each job queue: ready now (in events or deliveries where its jobs name several),
// how long the oldest has waited, and scheduled for later.
import { formatAge } from "@/components/overview/chart-format";
import { Table, Td, Th } from "@/components/ui/table";
import type { QueueDepth } from "@/lib/overview/get-queue-depth";

const QUEUE_LABELS: Partial<Record<string, string>> = {
  "route-event": "Routing",
  deliver: "Deliveries",
  "deliver-handed-off": "Delivery safety net",
  "bulk-operation": "Bulk operations",
  retention: "Retention",
  "probe-destination": "Circuit probes",
  "circuit-sweep": "Circuit sweep",
  "refresh-summaries": "Summary refresh",
  "evaluate-alerts": "Alert checks",
  "send-alert-notification": "Alert notifications",
};
// What a queue's jobs name, where one job names several (lib/overview/get-queue-depth.ts).
const ITEM_NOUNS: Partial<Record<string, [one: string, many: string]>> = {
  "route-event": ["event", "events"],
  deliver: ["delivery", "deliveries"],
  "deliver-handed-off": ["delivery", "deliveries"],
};
// A job waiting longer than this means the worker is behind (or not running).
const SLOW_SECONDS = 60;

function counted(count: number, [one, many]: [string, string]): string {
  return `${count.toLocaleString("en")} ${count === 1 ? one : many}`;
}

/** The events or deliveries waiting, with the jobs that carry them; other queues' jobs alone. */
function Waiting({ queue }: { queue: QueueDepth }) {
  const nouns = ITEM_NOUNS[queue.name];
  if (!nouns) return <>{counted(queue.ready, ["job", "jobs"])}</>;
  return (
    <>
      {counted(queue.readyItems, nouns)}
      {queue.ready > 0 ? <span className="block text-xs text-slate-500">in {counted(queue.ready, ["job", "jobs"])}</span> : null}
    </>
  );
}

export function QueueTable({ queues, now }: { queues: QueueDepth[]; now: Date }) {
  return (
    <Table
      flat
      bodyTestId="queue-rows"
      head={
        <>
          <Th>Queue</Th>
          <Th align="right">
            <span title="Ready to run now. Routing and delivery jobs each carry several events or deliveries (one routing job names every event the receiver stored in one commit), so these count what the jobs carry.">Waiting</span>
          </Th>
          <Th align="right">Oldest waiting</Th>
          <Th align="right">Scheduled</Th>
        </>
      }
    >
      {queues.map((queue) => {
        const age = queue.oldestReadyAt ? Math.max(0, (now.getTime() - queue.oldestReadyAt.getTime()) / 1000) : null;
        return (
          <tr key={queue.name}>
            <Td>
              {QUEUE_LABELS[queue.name] ? <span className="mr-2 font-medium text-slate-800">{QUEUE_LABELS[queue.name]}</span> : null}
              <span className="font-mono text-xs text-slate-500">{queue.name}</span>
            </Td>
            <Td className="text-right tabular-nums text-slate-700" data-testid={`queue-waiting-${queue.name}`}>
              <Waiting queue={queue} />
            </Td>
            <Td className={`text-right tabular-nums ${age !== null && age > SLOW_SECONDS ? "font-medium text-amber-700" : "text-slate-700"}`}>
              {age === null ? "—" : formatAge(age)}
            </Td>
            <Td className="text-right tabular-nums text-slate-500" title="Retries and deferred jobs, not due yet">
              {queue.scheduled.toLocaleString("en")}
            </Td>
          </tr>
        );
      })}
    </Table>
  );
}
