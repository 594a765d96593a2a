// The counters and histograms each process keeps in memory (prom-client), for GET /metrics. The
// receiver and the worker only increment them: no database round trip, no I/O, a label lookup
// and an addition per webhook or attempt. Labels carry ids (stable across renames); the
// switchyard_source_info / switchyard_destination_info series give their names at scrape time.
// Cached on globalThis: bin/web.ts and Next's bundle are two module graphs in one process.
import { Counter, Histogram, Registry } from "prom-client";

export interface Instruments {
  registry: Registry;
  eventsReceived: Counter<"source_id">;
  eventsDuplicate: Counter<"source_id">;
  eventsRefused: Counter<"source_id" | "reason">;
  ingestDuration: Histogram<"outcome">;
  routingOutcomes: Counter<"source_id" | "outcome">;
  deliveryAttempts: Counter<"destination_id" | "outcome">;
  attemptDuration: Histogram<"destination_id">;
}

// Seconds. The receiver answers in milliseconds; deliveries take up to a destination's timeout (60 s).
const INGEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const ATTEMPT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

function create(): Instruments {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    eventsReceived: new Counter({ name: "switchyard_events_received_total", help: "Webhooks stored as new events, per source.", labelNames: ["source_id"], registers }),
    eventsDuplicate: new Counter({ name: "switchyard_events_duplicate_total", help: "Webhooks acknowledged as duplicates of a stored event (not routed again), per source.", labelNames: ["source_id"], registers }),
    eventsRefused: new Counter({ name: "switchyard_events_refused_total", help: "Webhooks refused by a source (bad signature, too large, disabled…), per source and reason code.", labelNames: ["source_id", "reason"], registers }),
    ingestDuration: new Histogram({ name: "switchyard_ingest_duration_seconds", help: "Time from a webhook's headers to its answer, by outcome (stored, duplicate, refused, unavailable).", labelNames: ["outcome"], buckets: INGEST_BUCKETS, registers }),
    routingOutcomes: new Counter({ name: "switchyard_routing_outcomes_total", help: "Events routed by the worker, per source and outcome (routed, unmatched, ignored).", labelNames: ["source_id", "outcome"], registers }),
    deliveryAttempts: new Counter({ name: "switchyard_delivery_attempts_total", help: "Delivery attempts, per destination and outcome (succeeded, retrying: failed and scheduled again, failed: no retry left).", labelNames: ["destination_id", "outcome"], registers }),
    attemptDuration: new Histogram({ name: "switchyard_delivery_attempt_duration_seconds", help: "Time a delivery attempt took (failures and timeouts included), per destination.", labelNames: ["destination_id"], buckets: ATTEMPT_BUCKETS, registers }),
  };
}

const globalForMetrics = globalThis as unknown as { switchyardInstruments?: Instruments };

export function instruments(): Instruments {
  globalForMetrics.switchyardInstruments ??= create();
  return globalForMetrics.switchyardInstruments;
}
