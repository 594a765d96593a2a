import { describe, expect, it } from "vitest";
import {
  EventFilter,
  eventFilterParams,
  eventTimeBounds,
  isEmptyEventFilter,
  normalizeFilterTime,
  parseEventFilterParams,
  parseRoutingField,
  pinEventFilter,
} from "@/lib/events/event-filter";
import { eventFilterSql } from "@/lib/events/event-filter-sql";

const SOURCE = "5f0c6f1e-9d53-4c1b-9a51-3d2f6f1d2a10";
const NOW = new Date("2026-03-10T12:00:00.000Z");

describe("parseEventFilterParams", () => {
  it("reads every filter from URL parameters, ignoring empty ones and unknown ones", () => {
    const params = new URLSearchParams({
      source: SOURCE,
      status: "unmatched",
      type: " invoice.paid ",
      tag: "vip",
      routing: "team = billing",
      where: 'body.data.priority in ("high", "urgent")',
      q: "data.priority in (high, urgent)",
      from: "2026-03-01T08:30",
      to: "2026-03-02T10:00:00+02:00",
      range: "",
      before: "cursor",
      page: "2",
    });
    expect(parseEventFilterParams(params)).toEqual({
      filter: {
        source: SOURCE,
        status: "unmatched",
        type: "invoice.paid",
        tag: "vip",
        routing: "team = billing",
        where: 'body.data.priority in ("high", "urgent")',
        from: "2026-03-01T08:30:00.000Z",
        to: "2026-03-02T08:00:00.000Z",
      },
      errors: [],
    });
  });

  it("takes Next's searchParams object too (first value of a repeated parameter)", () => {
    expect(parseEventFilterParams({ status: ["duplicate", "routed"], range: "24h", tag: undefined })).toEqual({
      filter: { status: "duplicate", range: "24h" },
      errors: [],
    });
  });

  it("reports each invalid parameter with its label and keeps the valid ones", () => {
    const { filter, errors } = parseEventFilterParams({
      source: "not-a-uuid",
      status: "lost",
      where: "body.data.priority in high",
      routing: "billing",
      from: "yesterday",
      range: "2h",
      tag: "vip",
    });
    expect(filter).toEqual({ tag: "vip" });
    // In the order of the form's fields.
    expect(errors).toEqual([
      { key: "source", message: "Not a source id" },
      { key: "status", message: "One of: received, routed, unmatched, ignored, failed, duplicate" },
      { key: "routing", message: "Write it as name=value, e.g. team=billing" },
      { key: "where", message: 'Expected "(" to start the list at character 23, as in: in ("a", "b")', position: 22 },
      { key: "from", message: '"yesterday" is not a date and time (e.g. 2026-01-31T14:00, read as UTC)' },
      { key: "range", message: "One of: 1h, 24h, 7d, 30d" },
    ]);
  });

  it("refuses an empty time window", () => {
    const { filter, errors } = parseEventFilterParams({ from: "2026-03-02T00:00", to: "2026-03-01T00:00" });
    expect(filter).toEqual({ from: "2026-03-02T00:00:00.000Z" });
    expect(errors).toEqual([{ key: "to", message: "must be later than From" }]);
  });

  it("bounds free text", () => {
    expect(parseEventFilterParams({ type: "x".repeat(201) }).errors).toEqual([
      { key: "type", message: "At most 200 characters" },
    ]);
  });

  it("round-trips through eventFilterParams", () => {
    const filter: EventFilter = { source: SOURCE, where: 'body.a = "b c"', range: "7d", status: "failed" };
    expect(eventFilterParams(filter).toString()).toBe(`source=${SOURCE}&status=failed&where=body.a+%3D+%22b+c%22&range=7d`);
    expect(parseEventFilterParams(eventFilterParams(filter)).filter).toEqual(filter);
    expect(isEmptyEventFilter({})).toBe(true);
    expect(isEmptyEventFilter(filter)).toBe(false);
  });

  it("is strict about stored filters (a bulk operation's filter)", () => {
    expect(EventFilter.safeParse({ status: "routed", extra: 1 }).success).toBe(false);
    expect(EventFilter.safeParse({ where: "body.a =" }).success).toBe(false);
    // The retired payload query is not a filter any more (stored ones are upgraded before this).
    expect(EventFilter.safeParse({ q: "a = 1" }).success).toBe(false);
    expect(EventFilter.parse({ where: "body.a = 1", from: "2026-03-01T00:00:00.000Z" })).toEqual({
      where: "body.a = 1",
      from: "2026-03-01T00:00:00.000Z",
    });
    // Times are normalised the same way as in the URL (an API caller's zone-less time is UTC).
    expect(EventFilter.parse({ from: "2026-03-01T08:30", to: "2026-03-01T10:30+01:00" })).toEqual({
      from: "2026-03-01T08:30:00.000Z",
      to: "2026-03-01T09:30:00.000Z",
    });
    expect(EventFilter.safeParse({ from: "soon" }).error?.issues[0]?.message).toBe(
      '"soon" is not a date and time (e.g. 2026-01-31T14:00, read as UTC)',
    );
  });
});

describe("times", () => {
  it.each([
    ["2026-03-01T08:30", "2026-03-01T08:30:00.000Z"],
    ["2026-03-01T08:30:15", "2026-03-01T08:30:15.000Z"],
    ["2026-03-01T08:30:15.250", "2026-03-01T08:30:15.250Z"],
    ["2026-03-01", "2026-03-01T00:00:00.000Z"],
    ["2026-03-01T08:30:00Z", "2026-03-01T08:30:00.000Z"],
    ["2026-03-01T08:30:00.123456789+01:00", "2026-03-01T07:30:00.123Z"],
    ["2026-03-01T08:30-0500", "2026-03-01T13:30:00.000Z"],
  ])("%s is %s", (input, expected) => {
    expect(normalizeFilterTime(input)).toBe(expected);
  });

  it.each(["", "yesterday", "2026-13-01T00:00", "2026-03-01 08:30", "1700000000", "2026-02-30T00:00"])(
    "%j is not a time",
    (input) => {
      expect(normalizeFilterTime(input)).toBeNull();
    },
  );

  it("a quick range starts at now minus the range, the later of it and `from`", () => {
    expect(eventTimeBounds({ range: "1h" }, NOW)).toEqual({ from: new Date("2026-03-10T11:00:00.000Z"), to: null });
    expect(
      eventTimeBounds({ range: "7d", from: "2026-03-09T00:00:00.000Z", to: "2026-03-10T00:00:00.000Z" }, NOW),
    ).toEqual({
      from: new Date("2026-03-09T00:00:00.000Z"),
      to: new Date("2026-03-10T00:00:00.000Z"),
    });
  });

  it("pins a filter for a bulk replay: the range becomes a start, the end is now at the latest", () => {
    expect(pinEventFilter({ range: "24h", status: "failed" }, NOW)).toEqual({
      status: "failed",
      from: "2026-03-09T12:00:00.000Z",
      to: NOW.toISOString(),
    });
    expect(pinEventFilter({ to: "2026-03-01T00:00:00.000Z" }, NOW)).toEqual({ to: "2026-03-01T00:00:00.000Z" });
    expect(pinEventFilter({ to: "2027-01-01T00:00:00.000Z" }, NOW)).toEqual({ to: NOW.toISOString() });
  });
});

describe("parseRoutingField", () => {
  it.each([
    ["team=billing", { ok: true, key: "team", value: "billing" }],
    [" team = billing ", { ok: true, key: "team", value: "billing" }],
    ["url=https://x.test/?a=b", { ok: true, key: "url", value: "https://x.test/?a=b" }],
    ["team=", { ok: true, key: "team", value: "" }],
    ["=billing", { ok: false, message: "The routing field needs a name before the =" }],
    ["billing", { ok: false, message: "Write it as name=value, e.g. team=billing" }],
  ])("%j", (input, expected) => {
    expect(parseRoutingField(input)).toEqual(expected);
  });
});

describe("eventFilterSql", () => {
  it("is TRUE without filters", () => {
    expect(eventFilterSql({}, { now: NOW })).toEqual({ sql: "TRUE", values: [] });
  });

  it("searches summaries for the text as typed: % and _ are no wildcards", () => {
    expect(eventFilterSql({ search: "refund" }, { now: NOW })).toEqual({ sql: "e.summary ILIKE $1", values: ["%refund%"] });
    expect(eventFilterSql({ search: "100%_off\\" }, { now: NOW }).values).toEqual(["%100\\%\\_off\\\\%"]);
    expect(parseEventFilterParams({ search: "  Maria " }).filter).toEqual({ search: "Maria" });
  });

  it("binds every value, numbering from firstIndex, one jsonpath per condition SQL can state", () => {
    const { sql, values } = eventFilterSql(
      {
        source: SOURCE,
        status: "routed",
        type: "t",
        tag: "vip",
        routing: "team=billing",
        where: 'body.a = "x" and body.b in ("x", "y")',
        range: "1h",
        to: "2026-03-10T11:30:00.000Z",
      },
      { now: NOW, firstIndex: 3 },
    );
    expect(sql).toBe(
      'e.source_id = $3::uuid AND e.status = $4::"EventStatus" AND e.event_type = $5' +
        " AND e.tags <> '{}'::text[] AND e.tags @> ARRAY[$6::text] AND e.routing <> '{}'::jsonb AND e.routing @> $7::jsonb" +
        " AND e.payload @@ $8::jsonpath AND e.payload @@ $9::jsonpath AND e.received_at >= $10 AND e.received_at < $11",
    );
    expect(values).toEqual([
      SOURCE,
      "routed",
      "t",
      "vip",
      '{"team":"billing"}',
      'lax $."a" == "x"',
      'lax $."b" == "x" || $."b" == "y"',
      new Date("2026-03-10T11:00:00.000Z"),
      new Date("2026-03-10T11:30:00.000Z"),
    ]);
  });

  it("reads the duplicate status as duplicate_count > 0, with no parameter", () => {
    expect(eventFilterSql({ status: "duplicate" }, { now: NOW })).toEqual({ sql: "e.duplicate_count > 0", values: [] });
  });
});
