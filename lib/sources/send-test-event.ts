// "Send a test event": signs a sample payload for the source and posts it, over real HTTP, to this
// instance's own listener, so every check of the receiver runs. Returns what the receiver answered.
import { env } from "@/lib/env";
import { buildTestRequest } from "@/lib/sources/build-test-request";

export interface TestEventResult {
  status: number;
  body: string;
  eventId: string | null;
}

function localListener(): string {
  const { HOST, PORT } = env();
  const host = HOST === "0.0.0.0" || HOST === "::" ? "127.0.0.1" : HOST.includes(":") ? `[${HOST}]` : HOST;
  return `http://${host}:${PORT}`;
}

export async function sendTestEvent({ sourceId }: { sourceId: string }): Promise<TestEventResult | null> {
  const request = await buildTestRequest({ sourceId });
  if (!request) return null;
  const url = new URL(new URL(request.url).pathname, localListener());
  const response = await fetch(url, { method: "POST", headers: request.headers, body: request.body, redirect: "manual", signal: AbortSignal.timeout(10_000) });
  const body = (await response.text()).slice(0, 2000);
  let eventId: string | null = null;
  try {
    const parsed = JSON.parse(body) as { eventId?: unknown };
    eventId = typeof parsed.eventId === "string" ? parsed.eventId : null;
  } catch {
    eventId = null;
  }
  return { status: response.status, body, eventId };
}
