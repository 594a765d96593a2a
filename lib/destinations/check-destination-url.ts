// Syntax, DNS and address-policy check of a destination URL without connecting, for the UI to warn
// early ("this resolves to a private address"). Advisory: every attempt checks again.
import { env } from "@/lib/env";
import { checkUrl, type CheckUrlResult, type HostLookup } from "@/lib/net/guarded-request";

export async function checkDestinationUrl({
  url,
  allowPrivateNetwork = false,
  lookup,
}: {
  url: string;
  allowPrivateNetwork?: boolean;
  /** Name resolution, for tests; defaults to the system resolver. */
  lookup?: HostLookup;
}): Promise<CheckUrlResult> {
  return checkUrl({ url, allowPrivateNetwork, allowCidrs: env().OUTBOUND_ALLOW_CIDRS, ...(lookup ? { lookup } : {}) });
}
