// The launcher's processes (web, worker, embedded PostgreSQL): whether each runs, since when, how
// often it was restarted and why it last died. Without the launcher there is nothing to show.
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import type { ProcessStatus, SupervisorStatus } from "@/lib/runtime/supervisor-status";

const LABELS: Partial<Record<string, string>> = { web: "Web (receiver and dashboard)", worker: "Worker (routing and delivery)", postgres: "PostgreSQL (embedded)" };
const STATES: Record<ProcessStatus["state"], { tone: BadgeTone; text: string }> = {
  running: { tone: "green", text: "Running" },
  starting: { tone: "blue", text: "Starting" },
  restarting: { tone: "amber", text: "Restarting" },
  stopped: { tone: "gray", text: "Stopped" },
};

export function ProcessTable({ status, now }: { status: SupervisorStatus | null; now: Date }) {
  if (!status) {
    return (
      <p className="text-sm text-slate-600">
        This web process was started on its own (<code className="font-mono text-xs">npm run web</code>), not by{" "}
        <code className="font-mono text-xs">npm start</code>: restarting web and worker processes is up to your process manager.
      </p>
    );
  }
  return (
    <Table
      flat
      bodyTestId="process-rows"
      head={
        <>
          <Th>Process</Th>
          <Th>State</Th>
          <Th align="right">Restarts</Th>
          <Th>Last exit</Th>
        </>
      }
    >
      {status.processes.map((process) => {
        const state = STATES[process.state];
        return (
          <tr key={process.name}>
            <Td>
              <span className="font-medium text-slate-800">{LABELS[process.name] ?? process.name}</span>
            </Td>
            <Td>
              <Badge tone={state.tone}>{state.text}</Badge>{" "}
              <span className="text-xs text-slate-500">
                {process.state === "restarting" && process.nextRestartAt ? (
                  `next try in ${Math.max(0, Math.ceil((new Date(process.nextRestartAt).getTime() - now.getTime()) / 1000))} s`
                ) : (
                  <>
                    since <TimeAgo date={new Date(process.since)} now={now} />
                  </>
                )}
              </span>
            </Td>
            <Td className={`text-right tabular-nums ${process.restarts > 0 ? "font-medium text-amber-700" : "text-slate-700"}`}>
              {process.restarts.toLocaleString("en")}
            </Td>
            <Td className="text-xs text-slate-600">
              {process.lastExit ? (
                <>
                  {process.lastExit.reason}, <TimeAgo date={new Date(process.lastExit.at)} now={now} />
                </>
              ) : (
                "—"
              )}
            </Td>
          </tr>
        );
      })}
    </Table>
  );
}
