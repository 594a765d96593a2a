// The circuit breaker's thresholds this instance runs with (CIRCUIT_OPEN_AFTER_SECONDS and
// CIRCUIT_MIN_FAILURES, lib/env.ts); the defaults are in circuit-policy.ts.
import type { CircuitPolicy } from "@/lib/destinations/circuit-policy";
import { env } from "@/lib/env";

export function instanceCircuitPolicy(): CircuitPolicy {
  const config = env();
  return { openAfterSeconds: config.CIRCUIT_OPEN_AFTER_SECONDS, minFailures: config.CIRCUIT_MIN_FAILURES };
}
