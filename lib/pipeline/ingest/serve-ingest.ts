// The receiver on node:http (the web server routes /in/* here): answers what cannot be a webhook
// (a method it never takes, a key that does not decode), bounds the time the body may take, and
// hands the rest to receiveWebhook(), straight from Node's request to Node's response.
import type { IncomingMessage, ServerResponse } from "node:http";
import { writeAnswer, type PlainAnswer } from "@/lib/http/plain-answer";
import { instruments } from "@/lib/metrics/instruments";
import { fromNodeRequest } from "@/lib/pipeline/ingest/incoming-webhook";
import { ACCEPTED_METHODS, methodNotAllowed, receiveWebhook, sourceNotFound } from "@/lib/pipeline/ingest/receive";

const INGEST_PATH = /^\/in(?:[/?#]|$)/;

export function isIngestPath(url: string | undefined): boolean {
  return url !== undefined && INGEST_PATH.test(url);
}

/** The percent-decoded segment of /in/<key>[/][?query]; null when there is none or it does not decode. */
function keyOf(url: string): string | null {
  const path = url.split(/[?#]/, 1)[0]!;
  const segment = path.slice("/in/".length).replace(/\/$/, "");
  try {
    return segment === "" ? null : decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** The ingest latency histogram's outcome label for an answer. */
function outcomeOf(answer: PlainAnswer): string {
  if (answer.status === 200) return typeof answer.body === "object" && answer.body !== null && "duplicate" in answer.body ? "duplicate" : "stored";
  return answer.status === 503 ? "unavailable" : "refused";
}

export async function serveIngest(request: IncomingMessage, response: ServerResponse, { bodyTimeoutMs }: { bodyTimeoutMs: number }): Promise<void> {
  const started = performance.now();
  const answer = await answerIngest(request, response, bodyTimeoutMs);
  instruments().ingestDuration.observe({ outcome: outcomeOf(answer) }, (performance.now() - started) / 1000);
}

async function answerIngest(request: IncomingMessage, response: ServerResponse, bodyTimeoutMs: number): Promise<PlainAnswer> {
  if (!ACCEPTED_METHODS.includes(request.method ?? "")) return written(response, methodNotAllowed());
  const key = keyOf(request.url ?? "");
  if (key === null) return written(response, sourceNotFound());

  // The whole body must arrive within bodyTimeoutMs of the headers. Node's requestTimeout cannot
  // say this for /in/* alone (the dashboard shares the server), hence a timer of our own.
  const deadline = new AbortController();
  const timer = setTimeout(() => {
    deadline.abort();
    // Answered already (an early refusal) while the rest of the body still trickles in: stop taking it.
    if (response.headersSent) request.socket.destroy();
  }, bodyTimeoutMs);
  const socket = request.socket;
  const stop = () => {
    clearTimeout(timer);
    request.off("end", stop);
    socket.off("close", stop);
  };
  request.once("end", stop);
  socket.once("close", stop);

  const answer = await receiveWebhook({ key, webhook: fromNodeRequest(request, { signal: deadline.signal }) });
  // A body that missed its deadline will not be read to its end: close rather than keep the connection.
  return written(response, answer, deadline.signal.aborted ? { connection: "close" } : {});
}

function written(response: ServerResponse, answer: PlainAnswer, options: Parameters<typeof writeAnswer>[2] = {}): PlainAnswer {
  writeAnswer(response, answer, options);
  return answer;
}
