import { describe, expect, it } from "vitest";
import { clientAddress } from "@/lib/http/client-address";
import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";
import { signInErrorMessage } from "@/lib/auth/sign-in-error-message";

describe("safeCallbackUrl", () => {
  it.each([
    ["/events?x=1", "/events?x=1"],
    ["https://evil.example/", "/"],
    ["//evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["javascript:alert(1)", "/"],
    [undefined, "/"],
    [["/a", "/b"], "/"],
  ])("%s → %s", (input, expected) => {
    expect(safeCallbackUrl(input)).toBe(expected);
  });
});

describe("clientAddress", () => {
  it("takes the last X-Forwarded-For entry (the one our server or the trusted proxy wrote)", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "6.6.6.6, 10.0.0.1" }))).toBe("10.0.0.1");
    expect(clientAddress(new Headers({ "x-forwarded-for": "127.0.0.1" }))).toBe("127.0.0.1");
    expect(clientAddress(new Headers())).toBe("unknown");
  });
});

describe("signInErrorMessage", () => {
  it.each([
    ["CredentialsSignin", "The email or password is incorrect."],
    ["rate_limited:30", "Too many failed sign-ins from your address. Try again in 1 minute."],
    ["rate_limited:601", "Too many failed sign-ins from your address. Try again in 11 minutes."],
    ["sso_no_account:x@y.example", "No Switchyard account for x@y.example; ask an administrator for an invite."],
    ["sso_no_account:not an address", "Sign-in failed. Please try again."],
    ["sso_identity_mismatch:x@y.example", expect.stringContaining("The Switchyard account for x@y.example belongs to another identity") as unknown as string],
    ["sso_identity_mismatch:<script>", "Sign-in failed. Please try again."],
    ["sso_unverified_email", expect.stringContaining("has not verified your e-mail address") as unknown as string],
    ["OAuthCallback", "Single sign-on did not complete: the identity provider could not be reached or its answer did not check out. Try again, or sign in with your password."],
    ["Weird", "Sign-in failed. Please try again."],
    [null, null],
  ])("%s", (code, expected) => {
    expect(signInErrorMessage(code)).toEqual(expected);
  });
});
