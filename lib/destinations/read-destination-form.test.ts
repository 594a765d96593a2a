import { describe, expect, it } from "vitest";
import { readDestinationForm } from "@/lib/destinations/read-destination-form";
import { formDataOf } from "@/lib/testing/form-data";

/** What the form sends untouched: every setting, as the New destination page fills it. */
const DEFAULTS = {
  name: "Billing",
  url: "https://billing.example.com/hooks",
  headerName: [] as string[],
  headerValue: [] as string[],
  timeoutSeconds: "15",
  retrySchedule: "5s, 5m, 30m",
  maxConcurrency: "10",
  rateLimitPerSecond: "",
};

/** The create and the settings form read the same fields; only the schema they must satisfy differs. */
function readBoth(fields: Record<string, string | string[] | undefined>) {
  const form = formDataOf({ ...DEFAULTS, ...fields });
  return [readDestinationForm({ form, mode: "create" }), readDestinationForm({ form, mode: "update" })];
}

describe("readDestinationForm", () => {
  const accepted: Array<{
    case: string;
    fields: Record<string, string | string[] | undefined>;
    input: Record<string, unknown>;
  }> = [
    {
      case: "the defaults",
      fields: {},
      input: {
        name: "Billing",
        url: "https://billing.example.com/hooks",
        headers: {},
        timeoutMs: 15_000,
        retrySchedule: [5, 300, 1800],
        maxConcurrency: 10,
        rateLimitPerSecond: null,
        allowPrivateNetwork: false,
      },
    },
    {
      case: "headers (empty rows skipped), seconds to ms, a rate limit, private network",
      fields: {
        headerName: [" Authorization ", "", "X-Env"],
        headerValue: ["Bearer t", " ", "e2e"],
        timeoutSeconds: "1.5",
        rateLimitPerSecond: " 20 ",
        allowPrivateNetwork: "on",
      },
      input: {
        headers: { Authorization: "Bearer t", "X-Env": "e2e" },
        timeoutMs: 1500,
        rateLimitPerSecond: 20,
        allowPrivateNetwork: true,
      },
    },
    { case: "no retries", fields: { retrySchedule: "" }, input: { retrySchedule: [] } },
  ];
  it.each(accepted)("accepts $case", ({ fields, input }) => {
    for (const read of readBoth(fields))
      expect(read).toMatchObject({
        ok: true,
        input,
      });
  });

  const refused: Array<{
    case: string;
    fields: Record<string, string | string[] | undefined>;
    fieldErrors: Record<string, unknown>;
  }> = [
    { case: "no name", fields: { name: "  " }, fieldErrors: { name: "Give the destination a name" } },
    { case: "no URL", fields: { url: "" }, fieldErrors: { url: "Enter the URL to deliver to" } },
    {
      case: "not a URL",
      fields: { url: "billing" },
      fieldErrors: { url: "Enter a full URL, like https://example.com/hooks" },
    },
    {
      case: "an ftp URL with credentials: the first problem",
      fields: { url: "ftp://user:pw@example.com/hook" },
      fieldErrors: { url: "Only http and https URLs can receive webhooks" },
    },
    {
      case: "credentials in the URL",
      fields: { url: "https://user:pw@example.com/hook" },
      fieldErrors: { url: "Put credentials in a header (e.g. Authorization), not in the URL" },
    },
    {
      case: "a header value without a name",
      fields: { headerName: [""], headerValue: ["orphan"] },
      fieldErrors: { headers: "Header 1 has a value but no name" },
    },
    {
      case: "a header given twice",
      fields: { headerName: ["X-A", "x-a"], headerValue: ["1", "2"] },
      fieldErrors: { headers: "x-a is given twice" },
    },
    {
      case: "a header Switchyard sets",
      fields: { headerName: ["webhook-id"], headerValue: ["1"] },
      fieldErrors: { headers: "webhook-id is set by Switchyard (it signs every request)" },
    },
    {
      case: "a timeout that is not a number",
      fields: { timeoutSeconds: "soon" },
      fieldErrors: { timeoutSeconds: "Enter a number" },
    },
    {
      case: "a timeout under a second, in seconds",
      fields: { timeoutSeconds: "0.5" },
      fieldErrors: { timeoutSeconds: "At least 1 second" },
    },
    {
      case: "a timeout over a minute, in seconds",
      fields: { timeoutSeconds: "61" },
      fieldErrors: { timeoutSeconds: "At most 60 seconds" },
    },
    {
      case: "a retry schedule it cannot read",
      fields: { retrySchedule: "5s, abc" },
      fieldErrors: { retrySchedule: "“abc” is not a delay; write e.g. 30s, 5m, 2h or 1d" },
    },
    {
      case: "a retry delay over a day, numbered",
      fields: { retrySchedule: "5s, 2d" },
      fieldErrors: { retrySchedule: "Delay 2: Each delay is at most 86400 seconds (24 h)" },
    },
    { case: "too much concurrency", fields: { maxConcurrency: "101" }, fieldErrors: { maxConcurrency: "At most 100" } },
    { case: "an empty concurrency", fields: { maxConcurrency: "" }, fieldErrors: { maxConcurrency: "Enter a number" } },
    {
      case: "a zero rate limit",
      fields: { rateLimitPerSecond: "0" },
      fieldErrors: { rateLimitPerSecond: "At least 1 per second" },
    },
    {
      case: "several problems at once, each on its field",
      fields: {
        name: "",
        url: "ftp://x",
        headerName: [""],
        headerValue: ["v"],
        retrySchedule: "5s, abc",
        timeoutSeconds: "0.5",
      },
      fieldErrors: {
        name: "Give the destination a name",
        url: "Only http and https URLs can receive webhooks",
        headers: "Header 1 has a value but no name",
        retrySchedule: "“abc” is not a delay; write e.g. 30s, 5m, 2h or 1d",
        timeoutSeconds: "At least 1 second",
      },
    },
  ];
  it.each(refused)("refuses $case", ({ fields, fieldErrors }) => {
    for (const read of readBoth(fields))
      expect(read).toStrictEqual({
        ok: false,
        fieldErrors,
      });
  });
});
