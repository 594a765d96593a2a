import { describe, expect, it } from "vitest";
import { batchKey, mergeLiveMessages, parseLiveMessage, watchedRows, type LiveMessage } from "@/lib/live/live-message";

const events: LiveMessage = { kind: "event", sourceId: "s1", ids: ["e1", "e2"] };
const deliveries: LiveMessage = { kind: "delivery", destinationId: "t1", ids: ["d1", "d2", "d3"], eventIds: ["e1", "e2", "e1"] };

describe("parseLiveMessage", () => {
  it("reads each kind the triggers send", () => {
    expect(parseLiveMessage(JSON.stringify(events))).toEqual(events);
    expect(parseLiveMessage(JSON.stringify(deliveries))).toEqual(deliveries);
    expect(parseLiveMessage('{"kind":"bulk_operation","id":"b1"}')).toEqual({ kind: "bulk_operation", id: "b1" });
    expect(parseLiveMessage('{"kind":"destination","id":"t1"}')).toEqual({ kind: "destination", id: "t1" });
  });

  it.each([
    "",
    "not json",
    "null",
    "[]",
    '{"kind":"user","id":"u1"}',
    '{"kind":"event","id":"e1"}',
    '{"kind":"event","sourceId":"s1","ids":[]}',
    '{"kind":"delivery","destinationId":"t1","ids":["d1"]}',
    '{"kind":"delivery","destinationId":"t1","ids":["d1","d2"],"eventIds":["e1"]}',
  ])("refuses %j", (text) => expect(parseLiveMessage(text)).toBeNull());
});

describe("watchedRows", () => {
  it.each([
    [events, { kind: "event" }, ["event:e1", "event:e2"]],
    [events, { kind: "delivery" }, []],
    [events, { kind: "event", sourceId: "s1" }, ["event:e1", "event:e2"]],
    [events, { kind: "event", sourceId: "s2" }, []],
    [events, { kind: "event", id: "e2", sourceId: "s1" }, ["event:e2"]],
    [events, { kind: "event", destinationId: "t1" }, []],
    [deliveries, { kind: "delivery", eventId: "e1" }, ["delivery:d1", "delivery:d3"]],
    [deliveries, { kind: "delivery", eventId: "e3" }, []],
    [deliveries, { kind: "delivery", destinationId: "t1" }, ["delivery:d1", "delivery:d2", "delivery:d3"]],
    [deliveries, { kind: "delivery", id: "d2" }, ["delivery:d2"]],
    [deliveries, { kind: "event", id: "e1" }, []],
    [{ kind: "destination", id: "t1" }, { kind: "destination", id: "t1" }, ["destination:t1"]],
    [{ kind: "destination", id: "t1" }, { kind: "destination", id: "t2" }, []],
  ] as const)("%o against %o → %o", (message, watch, expected) => {
    expect(watchedRows(message as LiveMessage, watch)).toEqual(expected);
  });
});

describe("a stream batch", () => {
  it("keeps one message per source's events and per destination's deliveries, and one per other row", () => {
    expect(batchKey(events)).toBe(batchKey({ kind: "event", sourceId: "s1", ids: ["e9"] }));
    expect(batchKey(events)).not.toBe(batchKey({ kind: "event", sourceId: "s2", ids: ["e1"] }));
    expect(batchKey(deliveries)).not.toBe(batchKey({ kind: "destination", id: "t1" }));
    expect(batchKey({ kind: "destination", id: "t1" })).toBe("destination:t1");
  });

  it("merges two messages' rows, each once, in the order last announced, each delivery beside its event", () => {
    expect(mergeLiveMessages(events, { kind: "event", sourceId: "s1", ids: ["e3", "e1"] })).toEqual({ kind: "event", sourceId: "s1", ids: ["e2", "e3", "e1"] });
    expect(mergeLiveMessages(deliveries, { kind: "delivery", destinationId: "t1", ids: ["d4", "d1"], eventIds: ["e4", "e1"] })).toEqual({
      kind: "delivery",
      destinationId: "t1",
      ids: ["d2", "d3", "d4", "d1"],
      eventIds: ["e2", "e1", "e4", "e1"],
    });
  });

  it("keeps only the later message of a row of another kind", () => {
    expect(mergeLiveMessages({ kind: "bulk_operation", id: "b1" }, { kind: "bulk_operation", id: "b1" })).toEqual({ kind: "bulk_operation", id: "b1" });
  });
});
