import { describe, expect, it } from "vitest";
import { matchesWatch, parseLiveMessage, type LiveMessage } from "@/lib/live/live-message";

const event: LiveMessage = { kind: "event", id: "e1", sourceId: "s1", status: "received" };
const delivery: LiveMessage = { kind: "delivery", id: "d1", eventId: "e1", destinationId: "t1", status: "failed" };

describe("parseLiveMessage", () => {
  it("reads each kind the triggers send", () => {
    expect(parseLiveMessage(JSON.stringify(event))).toEqual(event);
    expect(parseLiveMessage(JSON.stringify(delivery))).toEqual(delivery);
    expect(parseLiveMessage('{"kind":"bulk_operation","id":"b1"}')).toEqual({ kind: "bulk_operation", id: "b1" });
    expect(parseLiveMessage('{"kind":"destination","id":"t1"}')).toEqual({ kind: "destination", id: "t1" });
  });

  it.each(["", "not json", "null", "[]", '{"kind":"user","id":"u1"}', '{"kind":"event","id":"e1"}', '{"kind":"delivery","id":"d1","eventId":"e1"}'])(
    "refuses %j",
    (text) => expect(parseLiveMessage(text)).toBeNull(),
  );
});

describe("matchesWatch", () => {
  it.each([
    [event, { kind: "event" }, true],
    [event, { kind: "delivery" }, false],
    [event, { kind: "event", sourceId: "s1" }, true],
    [event, { kind: "event", sourceId: "s2" }, false],
    [event, { kind: "event", id: "e1", sourceId: "s1" }, true],
    [event, { kind: "event", destinationId: "t1" }, false],
    [delivery, { kind: "delivery", eventId: "e1" }, true],
    [delivery, { kind: "delivery", eventId: "e2" }, false],
    [delivery, { kind: "delivery", destinationId: "t1" }, true],
    [delivery, { kind: "event", id: "e1" }, false],
  ] as const)("%o against %o → %s", (message, watch, expected) => {
    expect(matchesWatch(message, watch)).toBe(expected);
  });
});
