// The pipeline's tracing hooks, as the receiver, routing and dispatch see them. Nothing here loads
// OpenTelemetry: with tracing off (the default) pipelineTracer() is null, the hooks are skipped with
// one comparison, and the SDK is never imported (start-tracing.ts loads it only when configured).
// One trace per event: the receive span is its root; its W3C traceparent is stored with the event,
// so the worker (another process, batches) continues the trace from the database: a routing span
// per event, whose traceparent is stored with each delivery it makes, and under it a span per
// delivery attempt, whose traceparent goes out with the request.

/** How a receive ended, read from the receiver's answer. */
export interface ReceiveOutcome {
  status: number;
  /** stored | duplicate | refused | unavailable | not_found */
  outcome: string;
  eventId?: string;
  /** The answer's error code when refused (signature_missing, payload_too_large, …). */
  reason?: string;
}

export interface ReceiveSpan {
  setSource(sourceId: string): void;
  /** The traceparent to store with the event; null when this trace is not sampled. */
  traceParent(): string | null;
  end(outcome: ReceiveOutcome): void;
}

export interface RoutingResult {
  /** routed | ignored | unmatched | already_routed | failed */
  outcome: string;
  matchedRuleIds?: string[];
  destinationIds?: string[];
  /** Destinations among destinationIds that are inboxes (their messages wait to be pulled). */
  inboxDestinationIds?: string[];
  error?: unknown;
}

export interface RoutingSpan {
  /** The traceparent to store with each delivery this routing makes. */
  traceParent(): string | null;
  end(result: RoutingResult): void;
}

export interface AttemptResult {
  responseStatus: number | null;
  errorClass: string | null;
  /** The delivery's status after the attempt (succeeded, retrying, failed…), once recorded. */
  deliveryStatus?: string;
}

export interface AttemptSpan {
  /** traceparent (and tracestate, if any) of this attempt, sent with its request. */
  headers(): Record<string, string>;
  /** Marks when the request finished; end() may come later (after the attempt is recorded). */
  finished(): void;
  end(result: AttemptResult): void;
}

export interface PipelineTracer {
  startReceive(input: { method: string; headers: Headers }): ReceiveSpan;
  /** `startTime`: when the routing batch began (epoch ms). */
  startRouting(input: { traceParent: string; eventId: string; sourceId: string; trigger: string; runKey: string; startTime?: number }): RoutingSpan;
  startAttempt(input: { traceParent: string; deliveryId: string; destinationId: string; url: string; resendCount: number; probe: boolean }): AttemptSpan;
  /** A message of an inbox handed to an agent under a lease (one span, already over). */
  recordInboxLease(input: { traceParent: string; inboxId: string; deliveryId: string; messageId: string; attempt: number; startTime: number; resumed: boolean }): void;
  /** Exports what is buffered and stops, within `timeoutMs`. */
  shutdown(timeoutMs: number): Promise<void>;
}

// On globalThis: the web process runs the receiver both from its own modules and from Next's
// bundle (route handlers), which would otherwise each hold a copy of this module's state.
const holder = globalThis as unknown as { switchyardPipelineTracer?: PipelineTracer | null };

/** The process's tracer, or null when tracing is off. */
export function pipelineTracer(): PipelineTracer | null {
  return holder.switchyardPipelineTracer ?? null;
}

export function setPipelineTracer(tracer: PipelineTracer | null): void {
  holder.switchyardPipelineTracer = tracer;
}
