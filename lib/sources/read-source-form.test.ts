import { describe, expect, it } from "vitest";
import { readSourceForm } from "@/lib/sources/read-source-form";
import { formDataOf } from "@/lib/testing/form-data";

const STRIPE_SECRET = `whsec_${"a".repeat(32)}`;

describe("readSourceForm (create)", () => {
  const accepted: Array<{ case: string; fields: Record<string, string>; input: Record<string, unknown> }> = [
    {
      case: "a name and no scheme: the rest defaults",
      fields: { name: "Payments", scheme: "none" },
      input: {
        name: "Payments",
        scheme: "none",
        schemeOptions: {},
        dedupeStrategy: "provider",
        dedupeField: null,
        ipAllowlist: [],
        secret: undefined,
      },
    },
    {
      case: "numbers in their units, allowlist lines without comments",
      fields: {
        name: "Shop",
        scheme: "stripe",
        secret: `  ${STRIPE_SECRET} `,
        toleranceValue: "2",
        toleranceUnit: "minutes",
        bodyLimitValue: "512",
        bodyLimitUnit: "KB",
        ipAllowlist: "10.0.0.0/8  # office\n\n  192.0.2.1 ",
        dedupeStrategy: "header",
        dedupeField: " x-delivery ",
      },
      input: {
        name: "Shop",
        scheme: "stripe",
        secret: STRIPE_SECRET,
        toleranceSeconds: 120,
        bodyLimitBytes: 512 * 1024,
        ipAllowlist: ["10.0.0.0/8", "192.0.2.1"],
        dedupeStrategy: "header",
        dedupeField: "x-delivery",
      },
    },
    {
      case: "a warned secret the operator chose to keep",
      fields: {
        name: "Shop",
        scheme: "stripe",
        secret: "sk_live_abcdefghijklmnopqrstuvwxyz",
        acceptSecretWarning: "yes",
      },
      input: { secret: "sk_live_abcdefghijklmnopqrstuvwxyz" },
    },
    {
      case: "scheme options from opt.* fields, canonical with their defaults",
      fields: { name: "Custom", scheme: "hmac", "opt.header": "X-Sig" },
      input: {
        scheme: "hmac",
        schemeOptions: expect.objectContaining({ header: "X-Sig", algorithm: "sha256", template: "{body}" }) as unknown,
      },
    },
  ];
  it.each(accepted)("accepts $case", ({ fields, input }) => {
    const read = readSourceForm({ form: formDataOf(fields), mode: "create" });
    expect(read).toMatchObject({ ok: true, input });
  });

  const refused: Array<{
    case: string;
    fields: Record<string, string>;
    fieldErrors: Record<string, unknown>;
    secretWarning?: boolean;
  }> = [
    { case: "no name", fields: { name: " ", scheme: "none" }, fieldErrors: { name: "Give the source a name" } },
    {
      case: "an unknown scheme",
      fields: { name: "A", scheme: "carrier-pigeon" },
      fieldErrors: { scheme: expect.stringMatching(/^Choose one of: stripe, github/) as unknown },
    },
    {
      case: "a tolerance that is not a number",
      fields: { name: "A", scheme: "stripe", toleranceValue: "soon" },
      fieldErrors: { toleranceValue: "Enter a number" },
    },
    {
      case: "an empty tolerance",
      fields: { name: "A", scheme: "stripe", toleranceValue: " " },
      fieldErrors: { toleranceValue: "Enter a number" },
    },
    {
      case: "a negative tolerance",
      fields: { name: "A", scheme: "stripe", toleranceValue: "-5" },
      fieldErrors: { toleranceValue: "Cannot be negative" },
    },
    {
      case: "a tolerance over a day",
      fields: { name: "A", scheme: "stripe", toleranceValue: "1441", toleranceUnit: "minutes" },
      fieldErrors: { toleranceValue: "At most 24 hours (86400 seconds)" },
    },
    {
      case: "a body limit over 20 MB",
      fields: { name: "A", scheme: "none", bodyLimitValue: "25", bodyLimitUnit: "MB" },
      fieldErrors: { bodyLimitValue: "At most 20 MB" },
    },
    {
      case: "a body limit under 1 KB",
      fields: { name: "A", scheme: "none", bodyLimitValue: "0.5", bodyLimitUnit: "KB" },
      fieldErrors: { bodyLimitValue: "At least 1 KB" },
    },
    {
      case: "a bad allowlist entry, named by its line",
      fields: { name: "A", scheme: "none", ipAllowlist: "10.0.0.0/8\n# office\nnot-an-ip" },
      fieldErrors: { ipAllowlist: expect.stringMatching(/^Line 3: "not-an-ip" is not a valid CIDR/) as unknown },
    },
    {
      case: "a duplicate check without its header",
      fields: { name: "A", scheme: "none", dedupeStrategy: "header", dedupeField: "" },
      fieldErrors: { dedupeField: "Name the header that carries the delivery id" },
    },
    {
      case: "scheme options: on their field when the form has it, on the scheme otherwise",
      fields: { name: "A", scheme: "hmac", "opt.template": "{timestamp}" },
      fieldErrors: {
        "opt.template": "The template must include {body}.",
        schemeOptions: "The template uses {timestamp}, so a timestamp header is required.",
      },
    },
    {
      case: "a secret the scheme warns about",
      fields: { name: "A", scheme: "stripe", secret: "sk_live_abcdefghijklmnopqrstuvwxyz" },
      fieldErrors: { secret: expect.stringMatching(/^Stripe webhook signing secrets start with whsec_/) as unknown },
      secretWarning: true,
    },
    {
      case: "several problems at once, each on its field",
      fields: {
        name: "",
        scheme: "stripe",
        secret: "sk_live_abcdefghijklmnopqrstuvwxyz",
        toleranceValue: "-1",
        ipAllowlist: "nope",
      },
      fieldErrors: {
        name: "Give the source a name",
        toleranceValue: "Cannot be negative",
        ipAllowlist: expect.stringMatching(/^Line 1: /) as unknown,
        secret: expect.stringMatching(/^Stripe webhook/) as unknown,
      },
      secretWarning: true,
    },
  ];
  it.each(refused)("refuses $case", ({ fields, fieldErrors, secretWarning }) => {
    const read = readSourceForm({ form: formDataOf(fields), mode: "create" });
    expect(read).toEqual({ ok: false, fieldErrors, secretWarning: secretWarning ?? false });
  });
});

describe("readSourceForm (update)", () => {
  it.each([
    {
      case: "settings without a secret",
      fields: {
        name: "Renamed",
        scheme: "github",
        secret: "ignored-here",
        toleranceValue: "30",
        toleranceUnit: "seconds",
      },
      read: {
        ok: true,
        input: {
          name: "Renamed",
          scheme: "github",
          schemeOptions: {},
          toleranceSeconds: 30,
          dedupeStrategy: "provider",
          dedupeField: null,
          ipAllowlist: [],
        },
      },
    },
    {
      case: "an emptied name",
      fields: { name: "", scheme: "none" },
      read: { ok: false, fieldErrors: { name: "Give the source a name" } },
    },
    {
      case: "a bad allowlist line",
      fields: { name: "A", scheme: "none", ipAllowlist: "\n\n300.1.1.1" },
      read: { ok: false, fieldErrors: { ipAllowlist: expect.stringMatching(/^Line 3: /) as unknown } },
    },
  ])("$case", ({ fields, read }) => {
    expect(readSourceForm({ form: formDataOf(fields), mode: "update" })).toEqual(read);
  });
});
