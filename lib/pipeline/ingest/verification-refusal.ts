// The receiver's answer code for each way verification fails (lib/signatures' VerificationFailureCode),
// so a provider's operator, the refused-requests log and the metrics all say what was wrong: a
// missing signature (not configured at the sender?), a stale timestamp (a clock or a replay?),
// a mismatch (the wrong secret?). Stable: recorded in rejected_requests.reason and metric labels.
import type { VerificationFailureCode } from "@/lib/signatures/types";

export const VERIFICATION_REFUSALS = {
  // The source has no usable secret yet (a provider's secret never pasted), or unusable settings.
  no_secret: "secret_not_configured",
  invalid_secret: "secret_unusable",
  invalid_options: "scheme_options_invalid",
  missing_signature: "signature_missing",
  malformed_signature: "signature_malformed",
  unsupported_version: "signature_unsupported",
  missing_header: "signed_header_missing",
  missing_timestamp: "timestamp_missing",
  invalid_timestamp: "timestamp_invalid",
  timestamp_too_old: "timestamp_too_old",
  timestamp_in_future: "timestamp_in_future",
  signature_mismatch: "signature_invalid",
} as const satisfies Record<VerificationFailureCode, string>;

export type VerificationRefusal = (typeof VERIFICATION_REFUSALS)[VerificationFailureCode];

export function verificationRefusal(code: VerificationFailureCode): VerificationRefusal {
  return VERIFICATION_REFUSALS[code];
}
