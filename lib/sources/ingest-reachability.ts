// Whether providers on the internet can reach the ingest URLs APP_URL makes: a loopback or private
// host (localhost, 127.0.0.1, 10.x, *.local…) cannot be posted to from outside, so every URL the
// source page shows would fail at the provider.
import { env } from "@/lib/env";
import { classifyAddress, describeCategory } from "@/lib/net/ip-policy";

export interface IngestReachability {
  /** False when the host is certainly not reachable from the internet. */
  public: boolean;
  host: string;
  /** Why not, in words ("a loopback address", "a name only this network resolves"). */
  reason: string | null;
}

const LOCAL_NAMES = /^(localhost|.*\.localhost|.*\.local|.*\.internal|.*\.lan|.*\.home\.arpa)$/i;

export function ingestReachability(appUrl: string): IngestReachability {
  const host = new URL(appUrl).hostname;
  const bare = host.replace(/^\[|\]$/g, "");
  if (LOCAL_NAMES.test(bare)) return { public: false, host, reason: bare.toLowerCase() === "localhost" || bare.endsWith(".localhost") ? "a loopback name (this machine only)" : "a name only the local network resolves" };
  // A name without a dot resolves on this network only (an intranet host).
  const address = classifyAddress(bare);
  if (!address) return bare.includes(".") ? { public: true, host, reason: null } : { public: false, host, reason: "a name only the local network resolves" };
  if (address.category === "public") return { public: true, host, reason: null };
  return { public: false, host, reason: describeCategory(address.category) };
}

/** The reachability of this instance's ingest URLs (APP_URL). */
export function appIngestReachability(): IngestReachability {
  return ingestReachability(env().APP_URL);
}
