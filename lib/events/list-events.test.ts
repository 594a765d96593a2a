import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "@/lib/events/list-events";

describe("event list cursor", () => {
  it("round-trips a position", () => {
    const position = { receivedAt: new Date("2026-01-02T03:04:05.678Z"), id: "5f0c6f1e-9d53-4c1b-9a51-3d2f6f1d2a10" };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });
  it.each(["", "garbage", Buffer.from("not-a-date|5f0c6f1e-9d53-4c1b-9a51-3d2f6f1d2a10").toString("base64url"), Buffer.from("2026-01-01T00:00:00Z|'; drop").toString("base64url")])(
    "rejects a tampered cursor %#",
    (cursor) => {
      expect(decodeCursor(cursor)).toBeNull();
    },
  );
});
