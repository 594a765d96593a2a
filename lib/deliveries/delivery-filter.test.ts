import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { deliveryFilterParams, parseDeliveryFilterParams } from "@/lib/deliveries/delivery-filter";
import { decodeDeliveryCursor, deliveryConditions, encodeDeliveryCursor } from "@/lib/deliveries/delivery-filter-sql";

describe("parseDeliveryFilterParams", () => {
  it("reads the URL's filter, normalises times to UTC instants and reports bad values", () => {
    const destination = randomUUID();
    const { filter, issues } = parseDeliveryFilterParams(
      new URLSearchParams({ status: "failed", destination: destination, response: "5XX", from: "2026-01-31", to: "2026-02-01T10:30", source: "" }),
    );
    expect(issues).toEqual([]);
    expect(filter).toEqual({ status: "failed", destination: destination, response: "5xx", from: "2026-01-31T00:00:00.000Z", to: "2026-02-01T10:30:00.000Z" });
    // A date alone as `to` means through the end of that day.
    expect(parseDeliveryFilterParams({ to: "2026-01-31" }).filter.to).toBe("2026-02-01T00:00:00.000Z");
    expect(parseDeliveryFilterParams({ from: "2026-01-31T10:00:00+02:00" }).filter.from).toBe("2026-01-31T08:00:00.000Z");

    const bad = parseDeliveryFilterParams({ status: "lost", response: "2000", destination: "nope", from: "yesterday", source: destination });
    expect(bad.issues.map((issue) => issue.path[0]).sort()).toEqual(["destination", "from", "response", "status"]);
    expect(bad.filter).toEqual({ source: destination });
    expect(parseDeliveryFilterParams({ from: "2026-02-01", to: "2026-01-01" }).issues[0]).toMatchObject({ path: ["to"] });
  });
});

describe("deliveryFilterParams", () => {
  it("writes the filter back as the URL's parameters", () => {
    const source = randomUUID();
    expect(deliveryFilterParams({ status: "failed", source, response: "none" }).toString()).toBe(`status=failed&source=${source}&response=none`);
  });
});

describe("deliveryConditions", () => {
  it("turns each field into a parameterised condition", () => {
    const values: unknown[] = [];
    const conditions = deliveryConditions({ status: "failed", response: "4xx", from: "2026-01-01T00:00:00.000Z" }, values, {
      createdAt: new Date("2026-01-02T00:00:00.000Z"),
      id: "5f0c6f1e-9d53-4c1b-9a51-3d2f6f1d2a10",
    });
    expect(conditions).toEqual([
      'd.status = $1::"DeliveryStatus"',
      "d.last_status BETWEEN $2::int AND $3::int",
      "d.created_at >= $4::timestamptz",
      "(d.created_at, d.id) < ($5::timestamptz, $6::uuid)",
    ]);
    expect(values.slice(0, 4)).toEqual(["failed", 400, 499, "2026-01-01T00:00:00.000Z"]);
    expect(deliveryConditions({ response: "none" }, [])).toEqual(["d.last_status IS NULL AND d.attempts > 0"]);
  });
});

describe("delivery list cursor", () => {
  it("round-trips a position and refuses a tampered one", () => {
    const position = { createdAt: new Date("2026-01-02T03:04:05.678Z"), id: "5f0c6f1e-9d53-4c1b-9a51-3d2f6f1d2a10" };
    expect(decodeDeliveryCursor(encodeDeliveryCursor(position))).toEqual(position);
    for (const cursor of ["", "garbage", Buffer.from("not-a-date|5f0c6f1e-9d53-4c1b-9a51-3d2f6f1d2a10").toString("base64url"), Buffer.from("2026-01-01T00:00:00Z|'; drop").toString("base64url")]) {
      expect(decodeDeliveryCursor(cursor)).toBeNull();
    }
  });
});
