// The pipeline tracer on the OpenTelemetry SDK, loaded only when tracing is on (start-tracing.ts).
// Spans go through a batch processor with a bounded queue to an OTLP/HTTP exporter with a timeout:
// exporting happens off the request and job paths, so a collector that is down or slow costs
// dropped spans, never a slower or failed webhook. Export failures are logged at most once a
// minute, with the endpoint's address but never its headers.
import { randomUUID } from "node:crypto";
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
} from "@opentelemetry/api";
import { ExportResultCode, W3CTraceContextPropagator, type ExportResult } from "@opentelemetry/core";
import { OTLPTraceExporter as OtlpJsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OtlpProtobufExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type ReadableSpan,
  type Sampler,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_SERVICE_NAME,
  ATTR_URL_SCHEME,
} from "@opentelemetry/semantic-conventions";
import { logger } from "@/lib/log";
import type { AttemptResult, AttemptSpan, PipelineTracer, ReceiveOutcome, ReceiveSpan, RoutingResult, RoutingSpan } from "@/lib/tracing/pipeline-tracer";
import { describeEndpoint, type SamplerName, type TracingConfig } from "@/lib/tracing/tracing-config";

const log = logger("tracing");
/** Spans waiting for export at most; past that new ones are dropped (memory stays bounded). */
const MAX_QUEUE = 4096;
const MAX_BATCH = 512;
const EXPORT_EVERY_MS = 1000;
const FAILURE_LOG_INTERVAL_MS = 60_000;

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const propagator = new W3CTraceContextPropagator();

function sampler(name: SamplerName, ratio: number): Sampler {
  const root = name.endsWith("always_off") ? new AlwaysOffSampler() : name.endsWith("traceidratio") ? new TraceIdRatioBasedSampler(ratio) : new AlwaysOnSampler();
  return name.startsWith("parentbased_") ? new ParentBasedSampler({ root }) : root;
}

/** Wraps the OTLP exporter: failures are counted and reported once in a while, never thrown. */
class ReportingExporter implements SpanExporter {
  private failures = 0;
  private lastReport = 0;
  constructor(
    private readonly inner: SpanExporter,
    private readonly endpoint: string,
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code !== ExportResultCode.SUCCESS) this.failed(spans.length, result.error);
      done(result);
    });
  }

  private failed(spans: number, error: Error | undefined): void {
    this.failures += spans;
    const now = Date.now();
    if (now - this.lastReport < FAILURE_LOG_INTERVAL_MS) return;
    this.lastReport = now;
    // The error's message only: the exporter's error objects can carry the request's details.
    log.warn("exporting traces failed; spans are dropped until the collector answers", {
      endpoint: this.endpoint,
      droppedSpans: this.failures,
      error: error?.message ?? "unknown",
    });
    this.failures = 0;
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** A stored traceparent as a parent context; null when it is not one. */
export function contextOf(traceParent: string): Context | null {
  const match = TRACEPARENT.exec(traceParent);
  if (!match) return null;
  const spanContext = { traceId: match[1]!, spanId: match[2]!, traceFlags: Number.parseInt(match[3]!, 16), isRemote: true };
  return isSpanContextValid(spanContext) ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : null;
}

function traceParentOf(span: Span): string | null {
  const { traceId, spanId, traceFlags } = span.spanContext();
  // Not sampled: nothing downstream is recorded either, so nothing is stored.
  if ((traceFlags & TraceFlags.SAMPLED) === 0) return null;
  return `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, "0")}`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createOtelTracer({ config, role }: { config: TracingConfig; role: string }): PipelineTracer {
  const Exporter = config.protocol === "http/json" ? OtlpJsonExporter : OtlpProtobufExporter;
  const exporter = new ReportingExporter(new Exporter({ url: config.url, headers: config.headers, timeoutMillis: config.timeoutMs }), describeEndpoint(config.url));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName, "service.instance.id": randomUUID(), "switchyard.process": role }),
    sampler: sampler(config.sampler, config.samplerRatio),
    spanProcessors: [
      new BatchSpanProcessor(exporter, { maxQueueSize: MAX_QUEUE, maxExportBatchSize: MAX_BATCH, scheduledDelayMillis: EXPORT_EVERY_MS, exportTimeoutMillis: config.timeoutMs }),
    ],
  });
  const tracer = provider.getTracer("switchyard");

  return {
    startReceive({ method, headers }): ReceiveSpan {
      // A traceparent the sender sent is linked, not continued: /in/* is public, so anyone could
      // pick our trace ids and sampling; each event's trace is ours, with a link to the sender's.
      const links: Link[] = [];
      const incoming = headers.get("traceparent");
      if (incoming !== null) {
        const sender = trace.getSpanContext(propagator.extract(ROOT_CONTEXT, { traceparent: incoming, tracestate: headers.get("tracestate") ?? undefined }, defaultTextMapGetter));
        if (sender && isSpanContextValid(sender)) links.push({ context: sender, attributes: { "switchyard.link": "sender" } });
      }
      const span = tracer.startSpan(
        `${method} /in/{key}`,
        { kind: SpanKind.SERVER, root: true, links, attributes: { [ATTR_HTTP_REQUEST_METHOD]: method, [ATTR_HTTP_ROUTE]: "/in/{key}" } },
        ROOT_CONTEXT,
      );
      return {
        setSource: (sourceId) => span.setAttribute("switchyard.source.id", sourceId),
        traceParent: () => traceParentOf(span),
        end({ status, outcome, eventId, reason }: ReceiveOutcome) {
          const attributes: Attributes = { [ATTR_HTTP_RESPONSE_STATUS_CODE]: status, "switchyard.ingest.outcome": outcome };
          if (eventId) attributes["switchyard.event.id"] = eventId;
          if (reason) attributes["switchyard.refusal.reason"] = reason;
          // A server span is an error only for 5xx: a refused request was answered correctly.
          if (status >= 500) {
            attributes[ATTR_ERROR_TYPE] = String(status);
            span.setStatus({ code: SpanStatusCode.ERROR, message: reason ?? outcome });
          }
          span.setAttributes(attributes);
          span.end();
        },
      };
    },

    startRouting({ traceParent, eventId, sourceId, trigger, runKey, startTime }): RoutingSpan {
      const parent = contextOf(traceParent) ?? ROOT_CONTEXT;
      const span = tracer.startSpan(
        "route event",
        {
          kind: SpanKind.CONSUMER,
          ...(startTime === undefined ? {} : { startTime }),
          attributes: { "switchyard.event.id": eventId, "switchyard.source.id": sourceId, "switchyard.routing.trigger": trigger, "switchyard.routing.run_key": runKey },
        },
        parent,
      );
      return {
        traceParent: () => traceParentOf(span),
        end({ outcome, matchedRuleIds, destinationIds, inboxDestinationIds, error }: RoutingResult) {
          span.setAttribute("switchyard.routing.outcome", outcome);
          if (matchedRuleIds) span.setAttribute("switchyard.routing.matched_rule_ids", matchedRuleIds);
          if (destinationIds) span.setAttribute("switchyard.routing.destination_ids", destinationIds);
          if (inboxDestinationIds && inboxDestinationIds.length > 0) span.setAttribute("switchyard.routing.inbox_destination_ids", inboxDestinationIds);
          if (error !== undefined) {
            span.setAttribute(ATTR_ERROR_TYPE, error instanceof Error ? error.name : "error");
            span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
          }
          span.end();
        },
      };
    },

    startAttempt({ traceParent, deliveryId, destinationId, url, resendCount, probe }): AttemptSpan {
      const parent = contextOf(traceParent) ?? ROOT_CONTEXT;
      const target = new URL(url);
      // Server address and port, not the URL: a destination's path or query can hold its secret.
      const attributes: Attributes = {
        [ATTR_HTTP_REQUEST_METHOD]: "POST",
        [ATTR_SERVER_ADDRESS]: target.hostname,
        [ATTR_SERVER_PORT]: target.port === "" ? (target.protocol === "https:" ? 443 : 80) : Number(target.port),
        [ATTR_URL_SCHEME]: target.protocol.replace(/:$/, ""),
        "switchyard.delivery.id": deliveryId,
        "switchyard.destination.id": destinationId,
      };
      if (resendCount > 0) attributes[ATTR_HTTP_REQUEST_RESEND_COUNT] = resendCount;
      if (probe) attributes["switchyard.delivery.probe"] = true;
      const span = tracer.startSpan("POST", { kind: SpanKind.CLIENT, attributes }, parent);
      let finishedAt: number | undefined;
      return {
        headers() {
          const carrier: Record<string, string> = {};
          if (traceParentOf(span) !== null) propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, defaultTextMapSetter);
          return carrier;
        },
        finished() {
          finishedAt ??= Date.now();
        },
        end({ responseStatus, errorClass, deliveryStatus }: AttemptResult) {
          if (responseStatus !== null) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, responseStatus);
          if (deliveryStatus) span.setAttribute("switchyard.delivery.status", deliveryStatus);
          const succeeded = responseStatus !== null && responseStatus >= 200 && responseStatus < 300;
          span.setAttribute("switchyard.attempt.outcome", succeeded ? "success" : "failure");
          if (!succeeded) {
            // A client span: any status that is not a success is an error, as is no answer at all.
            span.setAttribute(ATTR_ERROR_TYPE, responseStatus !== null ? String(responseStatus) : (errorClass ?? "network"));
            span.setStatus({ code: SpanStatusCode.ERROR, ...(errorClass ? { message: errorClass } : {}) });
          }
          span.end(finishedAt);
        },
      };
    },

    recordInboxLease({ traceParent, inboxId, deliveryId, messageId, attempt, startTime, resumed }) {
      const span = tracer.startSpan(
        "inbox lease",
        {
          kind: SpanKind.INTERNAL,
          startTime,
          attributes: { "switchyard.destination.id": inboxId, "switchyard.delivery.id": deliveryId, "switchyard.inbox.message.id": messageId, "switchyard.inbox.attempt": attempt, "switchyard.inbox.resumed": resumed },
        },
        contextOf(traceParent) ?? ROOT_CONTEXT,
      );
      span.end();
    },

    async shutdown(timeoutMs: number) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((resolve) => {
        timer = setTimeout(() => resolve("late"), timeoutMs);
        timer.unref();
      });
      const outcome = await Promise.race([provider.shutdown().then(() => "done" as const, (error: unknown) => error), late]);
      clearTimeout(timer);
      if (outcome === "late") log.warn("traces still unexported at shutdown were dropped", { endpoint: describeEndpoint(config.url), waitedMs: timeoutMs });
      else if (outcome !== "done") log.warn("flushing traces at shutdown failed", { error: errorMessage(outcome) });
    },
  };
}
