// A real OTLP/HTTP trace receiver on 127.0.0.1, as a collector's port 4318 would be: accepts
// POST /v1/traces in both encodings the spec defines, protobuf (application/x-protobuf, the
// default http/protobuf protocol; decoded with protobufjs from the messages of opentelemetry-proto)
// and JSON (http/json), answers as the spec says, and keeps every span flattened for assertions.
// It can stall (accept and never answer) or be stopped, to show that a collector in trouble never
// holds up the pipeline.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import protobuf from "protobufjs";

// The messages of opentelemetry-proto (collector/trace/v1, trace/v1, common/v1, resource/v1) that
// a trace export carries, with their field numbers; fields not listed here are skipped on decode.
const OTLP_TRACE_PROTO = `
syntax = "proto3";
package otlp;
message AnyValue {
  oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7; }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message Resource { repeated KeyValue attributes = 1; }
message Status { string message = 2; int32 code = 3; }
message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; string name = 5; int32 kind = 6;
  fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8; repeated KeyValue attributes = 9; repeated Link links = 13; Status status = 15;
}
message ScopeSpans { repeated Span spans = 2; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
`;
const ExportTraceServiceRequest = protobuf.parse(OTLP_TRACE_PROTO).root.lookupType("otlp.ExportTraceServiceRequest");

/** A protobuf export as the JSON encoding writes it (ids in hex). */
function fromProtobuf(bytes: Buffer): OtlpRequest {
  const decoded = ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(bytes), { longs: Number, bytes: Buffer, oneofs: false });
  const hex = (value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString("hex") : "");
  const request = decoded as OtlpRequest & { resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: Array<Record<string, unknown>> }> }> };
  for (const resourceSpans of request.resourceSpans ?? []) {
    for (const scope of resourceSpans.scopeSpans ?? []) {
      for (const span of scope.spans ?? []) {
        span.traceId = hex(span.traceId);
        span.spanId = hex(span.spanId);
        span.parentSpanId = hex(span.parentSpanId);
        for (const link of (span.links ?? []) as Array<Record<string, unknown>>) {
          link.traceId = hex(link.traceId);
          link.spanId = hex(link.spanId);
        }
      }
    }
  }
  return request;
}

type AnyValue = { stringValue?: string; intValue?: number | string; boolValue?: boolean; doubleValue?: number; arrayValue?: { values?: AnyValue[] } };
type KeyValue = { key: string; value: AnyValue };
type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: KeyValue[];
  links?: Array<{ traceId: string; spanId: string; attributes?: KeyValue[] }>;
  status?: { code?: number; message?: string };
};
type OtlpRequest = { resourceSpans?: Array<{ resource?: { attributes?: KeyValue[] }; scopeSpans?: Array<{ spans?: OtlpSpan[] }> }> };

export type AttributeValue = string | number | boolean | AttributeValue[];

export interface CollectedSpan {
  traceId: string;
  spanId: string;
  /** "" for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP's numbers: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, AttributeValue>;
  resource: Record<string, AttributeValue>;
  links: Array<{ traceId: string; spanId: string; attributes: Record<string, AttributeValue> }>;
  /** 0 unset, 1 ok, 2 error. */
  statusCode: number;
  /** How it was exported. */
  encoding: "json" | "protobuf";
}

export const SPAN_KIND = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

function valueOf(value: AnyValue): AttributeValue {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.doubleValue !== undefined) return value.doubleValue;
  return (value.arrayValue?.values ?? []).map(valueOf);
}

function attributesOf(list: KeyValue[] | undefined): Record<string, AttributeValue> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, valueOf(value)]));
}

export interface OtlpCollector {
  /** The base URL (OTEL_EXPORTER_OTLP_ENDPOINT); traces are posted to `${url}/v1/traces`. */
  url: string;
  spans: CollectedSpan[];
  /** Headers of every export request received. */
  requests: IncomingHttpHeaders[];
  /** While true, export requests are read and never answered. */
  stalled: boolean;
  close(): Promise<void>;
}

export async function startOtlpCollector(): Promise<OtlpCollector> {
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.method !== "POST" || request.url !== "/v1/traces") {
        response.writeHead(404).end();
        return;
      }
      const contentType = request.headers["content-type"] ?? "";
      const json = contentType.startsWith("application/json");
      if (!json && !contentType.startsWith("application/x-protobuf")) {
        response.writeHead(415).end();
        return;
      }
      collector.requests.push(request.headers);
      if (collector.stalled) return;
      let body: OtlpRequest;
      try {
        body = json ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as OtlpRequest) : fromProtobuf(Buffer.concat(chunks));
      } catch {
        response.writeHead(400).end();
        return;
      }
      for (const resourceSpans of body.resourceSpans ?? []) {
        const resource = attributesOf(resourceSpans.resource?.attributes);
        for (const scope of resourceSpans.scopeSpans ?? []) {
          for (const span of scope.spans ?? []) {
            collector.spans.push({
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId ?? "",
              encoding: json ? "json" : "protobuf",
              name: span.name,
              kind: span.kind,
              attributes: attributesOf(span.attributes),
              resource,
              links: (span.links ?? []).map((link) => ({ traceId: link.traceId, spanId: link.spanId, attributes: attributesOf(link.attributes) })),
              statusCode: span.status?.code ?? 0,
            });
          }
        }
      }
      // An empty ExportTraceServiceResponse: full success.
      if (json) response.writeHead(200, { "content-type": "application/json" }).end("{}");
      else response.writeHead(200, { "content-type": "application/x-protobuf" }).end();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const collector: OtlpCollector = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans: [],
    requests: [],
    stalled: false,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return collector;
}
