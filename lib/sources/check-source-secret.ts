// The scheme's warning about a pasted secret (an sk_ key where Stripe wants whsec_…), or null. The
// form asks while the operator types (the check needs lib/signatures, which stays on the server).
import { findScheme } from "@/lib/signatures/registry";

export function checkSourceSecret({ schemeId, secret }: { schemeId: string; secret: string }): string | null {
  const scheme = findScheme(schemeId);
  const trimmed = secret.trim();
  if (!scheme?.verifies || trimmed === "") return null;
  return scheme.checkSecret(trimmed);
}
