// "Send a test event": signs a sample payload for the source and posts it, over real HTTP (HTTPS when
// the server speaks TLS), to this instance's own listener, so every check of the receiver runs.
// Returns what the receiver answered.
import { postToOwnListener } from "@/lib/http/post-to-own-listener";
import { buildTestRequest } from "@/lib/sources/build-test-request";

export interface TestEventResult {
  status: number;
  body: string;
  eventId: string | null;
}

export async function sendTestEvent({ sourceId }: { sourceId: string }): Promise<TestEventResult | null> {
  const request = await buildTestRequest({ sourceId });
  if (!request) return null;
  const response = await postToOwnListener({ path: new URL(request.url).pathname, headers: request.headers, body: request.body, timeoutMs: 10_000 });
  const body = response.body.slice(0, 2000);
  let eventId: string | null = null;
  try {
    const parsed = JSON.parse(body) as { eventId?: unknown };
    eventId = typeof parsed.eventId === "string" ? parsed.eventId : null;
  } catch {
    eventId = null;
  }
  return { status: response.status, body, eventId };
}
