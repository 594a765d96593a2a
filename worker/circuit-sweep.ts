// circuit-sweep: every minute, a probe for each open circuit whose probe is overdue (see
// lib/pipeline/dispatch/sweep-circuits.ts, which logs what it sent). A database error fails the job; the
// next minute's run tries again.
import { sweepCircuits } from "@/lib/pipeline/dispatch/sweep-circuits";
import type { JobPayload } from "@/lib/queue";

export async function handleCircuitSweep(_payload: JobPayload<"circuit-sweep">): Promise<void> {
  await sweepCircuits();
}
