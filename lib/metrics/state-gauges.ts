// What GET /metrics reads from the database at scrape time: the state of things rather than counts
// of what happened. Each is a small indexed query (queues through pg-boss's partial index on pending
// jobs, backlogs through deliveries (status, …)), fine at a 15-second scrape interval.
import { Gauge, Registry } from "prom-client";
import { db } from "@/lib/db";
import { getQueueDepth } from "@/lib/overview/get-queue-depth";
import { getWorkerPresence, WORKER_SILENT_AFTER_MS } from "@/lib/metrics/worker-presence";

export async function stateGauges(now = new Date()): Promise<Registry> {
  const registry = new Registry();
  const registers = [registry];
  const [queues, workers, destinations, backlog, sources, alerts] = await Promise.all([
    getQueueDepth(),
    getWorkerPresence(now),
    db().destination.findMany({ select: { id: true, name: true, state: true, circuitState: true } }),
    db().$queryRaw<Array<{ destination_id: string; status: string; count: number }>>`
      SELECT destination_id, status::text AS status, count(*)::int AS count FROM deliveries WHERE status IN ('pending', 'retrying') GROUP BY destination_id, status`,
    db().source.findMany({ select: { id: true, name: true, scheme: true, enabled: true } }),
    db().$queryRaw<Array<{ kind: string; count: number }>>`
      SELECT r.kind::text AS kind, count(a.id)::int AS count FROM alert_rules r LEFT JOIN alerts a ON a.rule_id = r.id AND a.status = 'firing' GROUP BY r.kind`,
  ]);

  const ready = new Gauge({ name: "switchyard_queue_ready_jobs", help: "Jobs ready to run now, per queue.", labelNames: ["queue"], registers });
  const readyItems = new Gauge({
    name: "switchyard_queue_ready_items",
    help: "Events (route-event) or deliveries (deliver, deliver-handed-off) the ready jobs name, per queue; one per job elsewhere.",
    labelNames: ["queue"],
    registers,
  });
  const scheduled = new Gauge({ name: "switchyard_queue_scheduled_jobs", help: "Jobs scheduled for later (retries, deferrals), per queue.", labelNames: ["queue"], registers });
  const oldest = new Gauge({ name: "switchyard_queue_oldest_ready_age_seconds", help: "How long the oldest ready job has waited (0 when none), per queue.", labelNames: ["queue"], registers });
  for (const queue of queues) {
    ready.set({ queue: queue.name }, queue.ready);
    readyItems.set({ queue: queue.name }, queue.readyItems);
    scheduled.set({ queue: queue.name }, queue.scheduled);
    oldest.set({ queue: queue.name }, queue.oldestReadyAt ? Math.max(0, (now.getTime() - queue.oldestReadyAt.getTime()) / 1000) : 0);
  }

  const running = new Gauge({
    name: "switchyard_workers_running",
    help: `Worker processes heard from in the last ${WORKER_SILENT_AFTER_MS / 1000} s, wherever they run; at 0 webhooks are stored but not routed or delivered.`,
    registers,
  });
  running.set(workers.running);

  const info = new Gauge({ name: "switchyard_destination_info", help: "1 per destination, with its name (join on destination_id).", labelNames: ["destination_id", "destination"], registers });
  const circuit = new Gauge({ name: "switchyard_destination_circuit_open", help: "1 while a destination's circuit breaker is open (deliveries held), else 0.", labelNames: ["destination_id"], registers });
  const paused = new Gauge({ name: "switchyard_destination_paused", help: "1 while an operator (or a 410 Gone) paused the destination, else 0.", labelNames: ["destination_id"], registers });
  const waiting = new Gauge({ name: "switchyard_destination_backlog", help: "Deliveries waiting, per destination and status (pending, retrying).", labelNames: ["destination_id", "status"], registers });
  for (const destination of destinations) {
    info.set({ destination_id: destination.id, destination: destination.name }, 1);
    circuit.set({ destination_id: destination.id }, destination.circuitState === "open" ? 1 : 0);
    paused.set({ destination_id: destination.id }, destination.state === "paused" ? 1 : 0);
    for (const status of ["pending", "retrying"]) waiting.set({ destination_id: destination.id, status }, 0);
  }
  for (const row of backlog) waiting.set({ destination_id: row.destination_id, status: row.status }, row.count);

  const sourceInfo = new Gauge({ name: "switchyard_source_info", help: "1 per source, with its name and verification scheme (join on source_id).", labelNames: ["source_id", "source", "scheme"], registers });
  const enabled = new Gauge({ name: "switchyard_source_enabled", help: "1 while a source takes webhooks, 0 when disabled.", labelNames: ["source_id"], registers });
  for (const source of sources) {
    sourceInfo.set({ source_id: source.id, source: source.name, scheme: source.scheme }, 1);
    enabled.set({ source_id: source.id }, source.enabled ? 1 : 0);
  }

  const firing = new Gauge({ name: "switchyard_alerts_firing", help: "Alerts firing now, per rule.", labelNames: ["rule"], registers });
  for (const row of alerts) firing.set({ rule: row.kind }, row.count);
  return registry;
}
