import { describe, expect, it } from "vitest";
import { readReplayEventForm } from "@/lib/events/read-replay-event-form";
import { formDataOf } from "@/lib/testing/form-data";

const EVENT_ID = "7d0c4c1e-2f4b-4d8e-9a43-1f7f8d5b2c10";
const TOKEN = "Zm9vYmFyYmF6cXV4MTIzNA";

describe("readReplayEventForm", () => {
  it.each([
    {
      case: "an event and its token",
      fields: { eventId: EVENT_ID, token: TOKEN },
      read: { ok: true, input: { eventId: EVENT_ID, token: TOKEN } },
    },
    {
      case: "not an event id",
      fields: { eventId: "42", token: TOKEN },
      read: { ok: false, message: "Not an event id", fieldErrors: {} },
    },
    {
      case: "an old form without a token",
      fields: { eventId: EVENT_ID },
      read: { ok: false, message: "The replay form is out of date; reload the page", fieldErrors: {} },
    },
    {
      case: "a token that is not one",
      fields: { eventId: EVENT_ID, token: "x y" },
      read: { ok: false, message: "The replay form is out of date; reload the page", fieldErrors: {} },
    },
  ])("$case", ({ fields, read }) => {
    expect(readReplayEventForm({ form: formDataOf(fields) })).toStrictEqual(read);
  });
});
