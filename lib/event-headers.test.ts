import { describe, expect, it } from "vitest";
import { StoredJsonError } from "@/lib/db-json";
import { readEventHeaders } from "@/lib/event-headers";
import { recordHeaders } from "@/lib/pipeline/ingest/record-headers";

describe("the event headers codec", () => {
  it("reads back the headers the receiver stored", () => {
    const recorded = recordHeaders(new Headers({ "Content-Type": "application/json", Authorization: "Bearer x", "X-Team": "ops" }));
    expect(readEventHeaders(JSON.parse(JSON.stringify(recorded)), { eventId: "evt-1" })).toEqual({
      "content-type": "application/json",
      authorization: "[redacted]",
      "x-team": "ops",
    });
  });

  it("fails loudly on stored headers that are not a { name: text } object, naming the event", () => {
    for (const json of [null, ["x"], { "x-count": 2 }]) {
      expect(() => readEventHeaders(json, { eventId: "evt-2" })).toThrow(StoredJsonError);
      expect(() => readEventHeaders(json, { eventId: "evt-2" })).toThrow("events.headers of event evt-2 does not parse");
    }
  });
});
