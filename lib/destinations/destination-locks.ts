// The advisory locks (pg_advisory_xact_lock, keyed by hashtextextended) that order the work on one
// destination across workers and web processes. Only keys here: who takes which, and in what
// order, is said where they are taken.

/** Held by a circuit breaker's probe for its whole attempt, and by the circuit closing: one probe at a time. */
export function probeLockKey(destinationId: string): string {
  return `switchyard.destination-probe:${destinationId}`;
}

/**
 * Held exclusively while held deliveries are released (an operator's resume, the circuit closing)
 * and requeued; an attempt that finds its destination holding deliveries takes it shared and looks
 * again, so a delivery the release could not yet see is never left waiting.
 */
export function releaseLockKey(destinationId: string): string {
  return `switchyard.destination-resume:${destinationId}`;
}
