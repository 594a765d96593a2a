import { describe, expect, it } from "vitest";
import { checkSourceSecret } from "@/lib/sources/check-source-secret";

describe("checkSourceSecret", () => {
  it.each([
    {
      case: "a Stripe API key where the signing secret goes",
      schemeId: "stripe",
      secret: " sk_live_abcdefghijklmnopqrstuvwxyz ",
      warns: true,
    },
    { case: "a Stripe signing secret", schemeId: "stripe", secret: `whsec_${"a".repeat(32)}`, warns: false },
    { case: "nothing typed yet", schemeId: "stripe", secret: "   ", warns: false },
    { case: "a scheme that verifies nothing", schemeId: "none", secret: "anything", warns: false },
    { case: "an unknown scheme", schemeId: "carrier-pigeon", secret: "anything", warns: false },
  ])("$case", ({ schemeId, secret, warns }) => {
    const warning = checkSourceSecret({ schemeId, secret });
    if (warns) expect(warning).toEqual(expect.any(String));
    else expect(warning).toBeNull();
  });
});
