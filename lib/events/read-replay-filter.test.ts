import { describe, expect, it } from "vitest";
import { readReplayFilter } from "@/lib/events/read-replay-filter";

const NOW = new Date("2026-03-01T12:00:00.000Z");

describe("readReplayFilter", () => {
  it.each([
    {
      case: "a quick range becomes its start, and the end is now",
      query: "status=failed&range=1h",
      read: {
        ok: true,
        filter: { status: "failed", from: "2026-03-01T11:00:00.000Z", to: "2026-03-01T12:00:00.000Z" },
      },
    },
    {
      case: "an end in the past stays",
      query: "type=ticket.created&to=2026-02-01T00:00",
      read: { ok: true, filter: { type: "ticket.created", to: "2026-02-01T00:00:00.000Z" } },
    },
    {
      case: "an end in the future becomes now",
      query: "tag=vip&to=2027-01-01T00:00",
      read: { ok: true, filter: { tag: "vip", to: "2026-03-01T12:00:00.000Z" } },
    },
    {
      case: "no filter",
      query: "",
      read: { ok: false, message: "Filter the list first: a replay applies to the events a filter selects." },
    },
    {
      case: "empty parameters are no filter",
      query: "status=&type=",
      read: { ok: false, message: "Filter the list first: a replay applies to the events a filter selects." },
    },
    {
      case: "an invalid parameter, named by its label",
      query: "status=lost&type=x",
      read: { ok: false, message: expect.stringMatching(/^The filter is not valid \(Status: One of: /) as unknown },
    },
    {
      case: "a time it cannot read",
      query: "from=yesterday",
      read: {
        ok: false,
        message: expect.stringMatching(/^The filter is not valid \(.*"yesterday" is not a date and time/) as unknown,
      },
    },
  ])("$case", ({ query, read }) => {
    expect(readReplayFilter({ query, now: NOW })).toStrictEqual(read);
  });
});
