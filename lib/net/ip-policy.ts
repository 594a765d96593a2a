// Address classification and the outbound address policy (SSRF guard), plus CIDR allowlist parsing.
//
// Policy, in order:
//   1. Cloud metadata endpoints and the whole link-local ranges (169.254.0.0/16, fe80::/10) are
//      NEVER allowed (not by allowPrivateNetwork, not by allowCidrs): reaching them from a webhook
//      turns a URL field into credential theft, and clouds keep adding services to link-local
//      (Tencent 169.254.0.23, EKS Pod Identity 169.254.170.23, AWS DNS .253 and NTP .123), so a
//      list of single addresses there can never be complete.
//   2. Public unicast addresses are allowed.
//   3. Addresses inside an allowCidrs entry are allowed (an explicit administrator decision).
//   4. With allowPrivateNetwork, "private network" categories are allowed: loopback, RFC 1918,
//      CGNAT 100.64/10 (Tailscale and friends live there), IPv6 ULA and deprecated site-local.
//      Unspecified, multicast, broadcast, documentation, benchmarking, reserved, Teredo etc. stay
//      blocked: they are never a legitimate webhook destination.
//   5. Everything else is blocked. Anything we cannot parse is blocked (fail closed).
//
// IPv6 addresses that embed an IPv4 address (IPv4-mapped, IPv4-compatible, SIIT, NAT64 64:ff9b::/96,
// 6to4 2002::/16) are classified by the embedded IPv4 address, so ::ffff:127.0.0.1 is loopback and
// 64:ff9b::a9fe:a9fe is the metadata endpoint.
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { z } from "zod";

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

export type AddressCategory =
  | "public"
  | "metadata"
  | "unspecified"
  | "loopback"
  | "private"
  | "carrierGradeNat"
  | "linkLocal"
  | "uniqueLocal"
  | "siteLocal"
  | "multicast"
  | "broadcast"
  | "benchmarking"
  | "documentation"
  | "ietfProtocol"
  | "discard"
  | "teredo"
  | "reserved";

export type Ipv4Embedding = "ipv4-mapped" | "ipv4-compatible" | "ipv4-translated" | "nat64" | "6to4";

export interface AddressInfo {
  /** Canonical text: dotted quad for IPv4, RFC 5952 for IPv6 (zone id kept). */
  address: string;
  family: 4 | 6;
  category: AddressCategory;
  /** For IPv6 addresses carrying an IPv4 address; `category` above is then derived from it. */
  embedded?: { via: Ipv4Embedding; ipv4: string; category: AddressCategory };
}

const CATEGORY_DESCRIPTIONS: Record<AddressCategory, string> = {
  public: "a public address",
  metadata: "a cloud metadata endpoint",
  unspecified: 'an unspecified ("this host") address',
  loopback: "a loopback address",
  private: "a private network address",
  carrierGradeNat: "a carrier-grade NAT / shared address (100.64.0.0/10)",
  linkLocal: "a link-local address",
  uniqueLocal: "an IPv6 unique local (private) address",
  siteLocal: "a deprecated IPv6 site-local address",
  multicast: "a multicast address",
  broadcast: "the broadcast address",
  benchmarking: "a benchmarking address",
  documentation: "a documentation-only address",
  ietfProtocol: "an IETF protocol assignment address",
  discard: "an IPv6 discard-only address",
  teredo: "a Teredo tunnel address",
  reserved: "a reserved / non-routable address",
};

export function describeCategory(category: AddressCategory): string {
  return CATEGORY_DESCRIPTIONS[category];
}

/** Categories that `allowPrivateNetwork` opens up (metadata and link-local are checked before and never open). */
export const PRIVATE_NETWORK_CATEGORIES: ReadonlySet<AddressCategory> = new Set<AddressCategory>([
  "loopback",
  "private",
  "carrierGradeNat",
  "uniqueLocal",
  "siteLocal",
]);

/** Categories nothing opens: neither allowPrivateNetwork nor an allowlist entry. */
export const NEVER_ALLOWED_CATEGORIES: ReadonlySet<AddressCategory> = new Set<AddressCategory>(["metadata", "linkLocal"]);

type Rule<T> = readonly [network: T, prefix: number, category: AddressCategory];

function v4Rule(cidr: string, category: AddressCategory): Rule<IPv4> {
  const [network, prefix] = ipaddr.IPv4.parseCIDR(cidr);
  return [network, prefix, category];
}

function v6Rule(cidr: string, category: AddressCategory): Rule<IPv6> {
  const [network, prefix] = ipaddr.IPv6.parseCIDR(cidr);
  return [network, prefix, category];
}

// First match wins, so the specific entries (metadata hosts inside link-local/CGNAT/192.0.0/24,
// broadcast inside 240/4) come before the ranges containing them.
const IPV4_RULES: readonly Rule<IPv4>[] = [
  v4Rule("169.254.169.254/32", "metadata"), // AWS, GCP, Azure, OCI, DigitalOcean, ...
  v4Rule("169.254.170.2/32", "metadata"), // AWS ECS task metadata / credentials
  v4Rule("169.254.170.23/32", "metadata"), // AWS EKS Pod Identity
  v4Rule("169.254.169.253/32", "metadata"), // AWS VPC DNS resolver
  v4Rule("169.254.169.123/32", "metadata"), // AWS time sync
  v4Rule("169.254.169.250/32", "metadata"), // AWS (reserved)
  v4Rule("169.254.0.23/32", "metadata"), // Tencent Cloud
  v4Rule("169.254.42.42/32", "metadata"), // Scaleway
  v4Rule("100.100.100.200/32", "metadata"), // Alibaba Cloud
  v4Rule("168.63.129.16/32", "metadata"), // Azure WireServer (a public IP that only means "the host")
  v4Rule("192.0.0.192/32", "metadata"), // Oracle Cloud legacy metadata
  v4Rule("255.255.255.255/32", "broadcast"),
  v4Rule("0.0.0.0/8", "unspecified"), // connecting to 0.0.0.0 reaches localhost on Linux
  v4Rule("127.0.0.0/8", "loopback"),
  v4Rule("10.0.0.0/8", "private"),
  v4Rule("172.16.0.0/12", "private"),
  v4Rule("192.168.0.0/16", "private"),
  v4Rule("100.64.0.0/10", "carrierGradeNat"),
  v4Rule("169.254.0.0/16", "linkLocal"),
  v4Rule("192.0.0.0/24", "ietfProtocol"),
  v4Rule("192.0.2.0/24", "documentation"),
  v4Rule("198.51.100.0/24", "documentation"),
  v4Rule("203.0.113.0/24", "documentation"),
  v4Rule("198.18.0.0/15", "benchmarking"),
  v4Rule("192.88.99.0/24", "reserved"), // deprecated 6to4 relay anycast
  v4Rule("224.0.0.0/4", "multicast"),
  v4Rule("240.0.0.0/4", "reserved"),
];

const IPV6_RULES: readonly Rule<IPv6>[] = [
  // AWS's IPv6 service addresses (IMDS ::254, DNS ::253, time ::123, EKS Pod Identity ::23, ::250)
  // all sit in this /64, which AWS reserves for them inside every VPC.
  v6Rule("fd00:ec2::/64", "metadata"),
  v6Rule("fd20:ce::254/128", "metadata"), // Google Cloud metadata over IPv6
  v6Rule("fd00:c1::a9fe:a9fe/128", "metadata"), // Oracle Cloud metadata over IPv6
  v6Rule("fd00:42::42/128", "metadata"), // Scaleway metadata over IPv6
  v6Rule("fd00:a9fe:a9fe::1/128", "metadata"), // Akamai (Linode) metadata over IPv6
  v6Rule("64:ff9b:1::/48", "reserved"), // RFC 8215 local-use NAT64: translates into a private network
  v6Rule("2001::/32", "teredo"), // the client IPv4 is obfuscated and the relay is arbitrary: never allow
  v6Rule("2001:2::/48", "benchmarking"),
  v6Rule("2001:db8::/32", "documentation"),
  v6Rule("3fff::/20", "documentation"), // RFC 9637
  v6Rule("2001::/23", "ietfProtocol"),
  v6Rule("100::/64", "discard"),
  v6Rule("fc00::/7", "uniqueLocal"),
  v6Rule("fe80::/10", "linkLocal"),
  v6Rule("fec0::/10", "siteLocal"),
  v6Rule("ff00::/8", "multicast"),
  v6Rule("5f00::/16", "reserved"), // RFC 9602 SRv6 SIDs
];

// Only 2000::/3 is global unicast today; anything else not matched above is not a real destination.
const IPV6_GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR("2000::/3");

function classifyV4(addr: IPv4): AddressCategory {
  for (const [network, prefix, category] of IPV4_RULES) {
    if (addr.match(network, prefix)) return category;
  }
  return "public";
}

function v4FromParts(high: number, low: number): IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

function embeddedV4(addr: IPv6): { via: Ipv4Embedding; ipv4: IPv4 } | null {
  const p = addr.parts;
  const part = (i: number): number => p[i] ?? 0;
  const zeroUpTo = (n: number): boolean => p.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(5) && part(5) === 0xffff) return { via: "ipv4-mapped", ipv4: v4FromParts(part(6), part(7)) };
  if (zeroUpTo(6)) return { via: "ipv4-compatible", ipv4: v4FromParts(part(6), part(7)) };
  if (zeroUpTo(4) && part(4) === 0xffff && part(5) === 0) {
    return { via: "ipv4-translated", ipv4: v4FromParts(part(6), part(7)) };
  }
  if (part(0) === 0x64 && part(1) === 0xff9b && p.slice(2, 6).every((x) => x === 0)) {
    return { via: "nat64", ipv4: v4FromParts(part(6), part(7)) };
  }
  if (part(0) === 0x2002) return { via: "6to4", ipv4: v4FromParts(part(1), part(2)) };
  return null;
}

function classifyV6(addr: IPv6): Pick<AddressInfo, "category" | "embedded"> {
  const p = addr.parts;
  if (p.every((x) => x === 0)) return { category: "unspecified" };
  if (p.slice(0, 7).every((x) => x === 0) && p[7] === 1) return { category: "loopback" };
  const embedded = embeddedV4(addr);
  if (embedded) {
    const inner = classifyV4(embedded.ipv4);
    let category = inner;
    // IPv4-compatible and SIIT forms are deprecated/internal: even with a public IPv4 inside they
    // are not a route anyone publishes for a webhook endpoint.
    if (inner === "public" && (embedded.via === "ipv4-compatible" || embedded.via === "ipv4-translated")) {
      category = "reserved";
    }
    return { category, embedded: { via: embedded.via, ipv4: embedded.ipv4.toString(), category: inner } };
  }
  for (const [network, prefix, category] of IPV6_RULES) {
    if (addr.match(network, prefix)) return { category };
  }
  if (!addr.match(IPV6_GLOBAL_UNICAST)) return { category: "reserved" };
  return { category: "public" };
}

/**
 * Parses IPv6 text. Dotted-quad suffixes are first rewritten by the WHATWG URL parser (the same
 * one that reads our URLs) because ipaddr.js reads "::8.8.8.8" as "::ffff:8.8.8.8", while the
 * kernel would connect to ::808:808. Zone ids ("%eth0") are kept aside and re-attached.
 */
function parseV6(text: string): IPv6 {
  const zoneAt = text.indexOf("%");
  const bare = zoneAt === -1 ? text : text.slice(0, zoneAt);
  const canonical = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  const addr = ipaddr.IPv6.parse(canonical);
  if (zoneAt !== -1) addr.zoneId = text.slice(zoneAt + 1);
  return addr;
}

function stripBrackets(input: string): string {
  return input.startsWith("[") && input.endsWith("]") ? input.slice(1, -1) : input;
}

/**
 * Classifies an IP address given in canonical text form (dotted quad, any IPv6 text form, brackets
 * allowed). Returns null for anything else, including hostnames and non-canonical IPv4 forms like
 * "127.1": those must go through WHATWG URL parsing (which normalises them) or DNS first.
 */
export function classifyAddress(input: string): AddressInfo | null {
  const text = stripBrackets(input.trim());
  const family = isIP(text);
  try {
    if (family === 4) {
      const addr = ipaddr.IPv4.parse(text);
      return { address: addr.toString(), family: 4, category: classifyV4(addr) };
    }
    if (family === 6) {
      const addr = parseV6(text);
      return { address: addr.toRFC5952String(), family: 6, ...classifyV6(addr) };
    }
  } catch {
    // isIP and ipaddr.js disagree: treat as not an address (callers then block it).
  }
  return null;
}

/**
 * The address to actually open a socket to. IPv4-mapped addresses are connected over IPv4 so that
 * the socket's peer address, the allowlist and the policy all talk about the same IPv4 address.
 */
export function connectTarget(info: AddressInfo): { address: string; family: 4 | 6 } {
  if (info.embedded?.via === "ipv4-mapped") return { address: info.embedded.ipv4, family: 4 };
  return { address: info.address, family: info.family };
}

// ---------------------------------------------------------------------------------------------
// CIDR allowlist

export interface Cidr {
  readonly family: 4 | 6;
  readonly network: IPv4 | IPv6;
  readonly prefix: number;
  /** Canonical text, e.g. "10.1.0.0/16", "fd00::/8". */
  readonly text: string;
}

export type CidrParseResult = { ok: true; cidr: Cidr } | { ok: false; error: string };

function makeCidr(network: IPv4 | IPv6, prefix: number): Cidr {
  if (network.kind() === "ipv4") return { family: 4, network, prefix, text: `${network.toString()}/${prefix}` };
  const v6 = network as IPv6;
  return { family: 6, network: v6, prefix, text: `${v6.toRFC5952String()}/${prefix}` };
}

/**
 * Parses one allowlist entry: "10.1.0.0/16", "::1/128", or a bare address meaning a single host.
 * Strict on purpose (configuration typos should fail loudly, not silently widen the allowlist):
 * IPv4 must be four-part decimal without leading zeros, host bits must be zero, no zone ids.
 */
export function parseCidr(input: string): CidrParseResult {
  const entry = input.trim();
  if (entry === "") return { ok: false, error: "empty entry" };
  const pieces = entry.split("/");
  if (pieces.length > 2) return { ok: false, error: 'expected ADDRESS/PREFIX with a single "/"' };
  const addressText = pieces[0] ?? "";
  const prefixText = pieces[1];
  if (addressText.includes("%")) return { ok: false, error: "zone ids (%eth0) are not supported" };

  let family: 4 | 6;
  if (ipaddr.IPv4.isValidFourPartDecimal(addressText)) family = 4;
  else if (isIP(addressText) === 6 && ipaddr.IPv6.isValid(addressText)) family = 6;
  else if (isIP(addressText) === 4 || ipaddr.IPv4.isValid(addressText)) {
    return { ok: false, error: "IPv4 addresses must be written as four decimal numbers without leading zeros" };
  } else return { ok: false, error: `"${addressText}" is not an IP address` };

  const maxPrefix = family === 4 ? 32 : 128;
  let prefix = maxPrefix;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > maxPrefix) {
      return { ok: false, error: `the prefix length must be a number from 0 to ${maxPrefix} for IPv${family}` };
    }
    prefix = Number(prefixText);
  }

  if (family === 4) {
    const network = ipaddr.IPv4.parse(addressText);
    const expected = ipaddr.IPv4.networkAddressFromCIDR(`${addressText}/${prefix}`);
    if (expected.toString() !== network.toString()) {
      return { ok: false, error: `host bits are set; did you mean ${expected.toString()}/${prefix}?` };
    }
    return { ok: true, cidr: makeCidr(network, prefix) };
  }

  const network = parseV6(addressText);
  const expected = ipaddr.IPv6.networkAddressFromCIDR(`${network.toRFC5952String()}/${prefix}`);
  if (expected.toRFC5952String() !== network.toRFC5952String()) {
    return { ok: false, error: `host bits are set; did you mean ${expected.toRFC5952String()}/${prefix}?` };
  }
  // ::ffff:a.b.c.d/N (N >= 96) means an IPv4 range; store it as IPv4 because mapped addresses are
  // matched (and connected to) as IPv4.
  if (prefix >= 96 && network.isIPv4MappedAddress()) {
    return { ok: true, cidr: makeCidr(network.toIPv4Address(), prefix - 96) };
  }
  return { ok: true, cidr: makeCidr(network, prefix) };
}

export class CidrListError extends Error {
  override readonly name = "CidrListError";
  constructor(readonly problems: string[]) {
    super(`Invalid CIDR allowlist: ${problems.join("; ")}`);
  }
}

function invalidEntryMessage(entry: string, error: string): string {
  return `"${entry}" is not a valid CIDR (${error})`;
}

/** Parses a whole allowlist; throws CidrListError naming every bad entry. */
export function parseCidrList(entries: readonly string[]): Cidr[] {
  const cidrs: Cidr[] = [];
  const problems: string[] = [];
  for (const entry of entries) {
    const result = parseCidr(entry);
    if (result.ok) cidrs.push(result.cidr);
    else problems.push(invalidEntryMessage(entry, result.error));
  }
  if (problems.length > 0) throw new CidrListError(problems);
  return cidrs;
}

/** One CIDR entry; outputs the canonical text (so the result can be passed straight to allowCidrs). */
export const cidrSchema = z.string().transform((value, ctx) => {
  const result = parseCidr(value);
  if (!result.ok) {
    ctx.addIssue({ code: "custom", message: invalidEntryMessage(value, result.error) });
    return z.NEVER;
  }
  return result.cidr.text;
});

/** An array of CIDR entries (JSON configuration, database fields). */
export const cidrListSchema = z.array(cidrSchema);

/**
 * A comma- and/or whitespace-separated list in one string, as found in environment variables:
 * OUTBOUND_ALLOW_CIDRS="10.1.0.0/16, 127.0.0.1/32 ::1/128". Empty string means an empty list.
 */
export const cidrListStringSchema = z.string().transform((value, ctx) => {
  const entries = value.split(/[\s,]+/).filter((entry) => entry !== "");
  const out: string[] = [];
  for (const entry of entries) {
    const result = parseCidr(entry);
    if (result.ok) out.push(result.cidr.text);
    else
      ctx.addIssue({
        code: "custom",
        message: `contains an invalid entry: ${invalidEntryMessage(entry, result.error)}`,
      });
  }
  return out;
});

export function cidrContains(cidr: Cidr, address: string): boolean {
  const info = classifyAddress(address);
  if (!info || info.family !== cidr.family) return false;
  const addr = cidr.family === 4 ? ipaddr.IPv4.parse(info.address) : parseV6(info.address);
  return addr.match(cidr.network, cidr.prefix);
}

// ---------------------------------------------------------------------------------------------
// Policy

export interface AddressPolicy {
  allowPrivateNetwork?: boolean;
  allowCidrs?: readonly Cidr[];
}

export type AddressVerdict =
  | { allowed: true; info: AddressInfo; via: "public" | "allowlist" | "privateNetwork" }
  | {
      allowed: false;
      info: AddressInfo | null;
      address: string;
      /** Why, without the address: "is a loopback address and is not allowed as a destination." */
      explanation: string;
      /** A full sentence: the address followed by the explanation. */
      reason: string;
    };

function describeInfo(info: AddressInfo): string {
  const what = describeCategory(info.category);
  if (!info.embedded) return what;
  const via = {
    "ipv4-mapped": "an IPv4-mapped IPv6 address",
    "ipv4-compatible": "an IPv4-compatible IPv6 address",
    "ipv4-translated": "an IPv4-translated (SIIT) IPv6 address",
    nat64: "a NAT64 IPv6 address",
    "6to4": "a 6to4 IPv6 address",
  }[info.embedded.via];
  return `${via} for ${info.embedded.ipv4}, ${what}`;
}

function blocked(info: AddressInfo | null, address: string, explanation: string): AddressVerdict {
  return { allowed: false, info, address, explanation, reason: `${address} ${explanation}` };
}

/** Decides whether a socket may be opened to `address` (an IP literal; anything else is refused). */
export function evaluateAddress(address: string, policy: AddressPolicy = {}): AddressVerdict {
  const info = classifyAddress(address);
  if (!info) return blocked(null, address, "is not a valid IP address.");
  if (info.category === "metadata") {
    return blocked(info, info.address, `is ${describeInfo(info)}; requests to it are never allowed.`);
  }
  if (info.category === "linkLocal") {
    return blocked(info, info.address, `is ${describeInfo(info)}; requests to link-local addresses are never allowed (cloud metadata services live there).`);
  }
  if (info.category === "public") return { allowed: true, info, via: "public" };

  const candidates = [info.address];
  if (info.embedded?.via === "ipv4-mapped") candidates.push(info.embedded.ipv4);
  if (policy.allowCidrs?.some((cidr) => candidates.some((candidate) => cidrContains(cidr, candidate)))) {
    return { allowed: true, info, via: "allowlist" };
  }
  if (policy.allowPrivateNetwork && PRIVATE_NETWORK_CATEGORIES.has(info.category)) {
    return { allowed: true, info, via: "privateNetwork" };
  }
  const hint = PRIVATE_NETWORK_CATEGORIES.has(info.category)
    ? " Private-network destinations must be allowed explicitly in the instance configuration."
    : "";
  return blocked(info, info.address, `is ${describeInfo(info)} and is not allowed as a destination.${hint}`);
}
