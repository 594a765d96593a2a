import { describe, expect, it } from "vitest";
import {
  CidrListError,
  cidrListSchema,
  cidrListStringSchema,
  cidrSchema,
  classifyAddress,
  connectTarget,
  evaluateAddress,
  parseCidr,
  parseCidrList,
  type AddressCategory,
} from "./ip-policy";

describe("classifyAddress", () => {
  const table: Array<[string, AddressCategory]> = [
    // IPv4
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.0.0.1", "private"],
    ["10.255.255.255", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.15.255.255", "public"],
    ["172.32.0.1", "public"],
    ["192.168.1.1", "private"],
    ["169.254.1.1", "linkLocal"],
    ["169.254.169.254", "metadata"],
    ["169.254.170.2", "metadata"],
    ["100.100.100.200", "metadata"],
    ["168.63.129.16", "metadata"],
    ["192.0.0.192", "metadata"],
    ["100.64.0.1", "carrierGradeNat"],
    ["100.127.255.255", "carrierGradeNat"],
    ["100.128.0.1", "public"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.254", "reserved"],
    ["255.255.255.255", "broadcast"],
    ["198.18.0.1", "benchmarking"],
    ["198.19.255.255", "benchmarking"],
    ["198.20.0.1", "public"],
    ["192.0.2.1", "documentation"],
    ["198.51.100.7", "documentation"],
    ["203.0.113.9", "documentation"],
    ["192.0.0.8", "ietfProtocol"],
    ["192.88.99.1", "reserved"],
    ["8.8.8.8", "public"],
    ["1.1.1.1", "public"],
    ["93.184.216.34", "public"],
    // IPv6
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback"],
    ["[::1]", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["0:0:0:0:0:ffff:7f00:0001", "loopback"],
    ["::ffff:0.0.0.0", "unspecified"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:192.168.0.1", "private"],
    ["::ffff:169.254.169.254", "metadata"],
    ["::ffff:a9fe:a9fe", "metadata"],
    ["::ffff:8.8.8.8", "public"],
    ["::127.0.0.1", "loopback"], // IPv4-compatible (deprecated)
    ["::0.0.0.2", "unspecified"],
    ["::808:808", "reserved"],
    ["::8.8.8.8", "reserved"], // deprecated form: never public even with a public IPv4 inside
    ["::ffff:0:127.0.0.1", "loopback"], // SIIT IPv4-translated
    ["64:ff9b::127.0.0.1", "loopback"], // NAT64
    ["64:ff9b::7f00:1", "loopback"],
    ["64:ff9b::a9fe:a9fe", "metadata"],
    ["64:ff9b::10.1.2.3", "private"],
    ["64:ff9b::808:808", "public"],
    ["64:ff9b:1::1", "reserved"], // local-use NAT64
    ["2002:7f00:1::", "loopback"], // 6to4 of 127.0.0.1
    ["2002:a00:1::1", "private"],
    ["2002:a9fe:a9fe::1", "metadata"],
    ["2002:c000:204::1", "documentation"],
    ["2002:808:808::1", "public"],
    ["2001::1", "teredo"],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "teredo"],
    ["2001:db8::1", "documentation"],
    ["3fff::1", "documentation"],
    ["2001:2::1", "benchmarking"],
    ["2001:10::1", "ietfProtocol"],
    ["100::1", "discard"],
    ["100::", "discard"],
    ["fc00::1", "uniqueLocal"],
    ["fd12:3456::1", "uniqueLocal"],
    ["fd00:ec2::254", "metadata"],
    ["fd00:ec2::253", "metadata"], // AWS DNS resolver over IPv6
    ["fd00:ec3::253", "uniqueLocal"],
    ["fe80::1", "linkLocal"],
    ["fe80::1%eth0", "linkLocal"],
    ["febf::1", "linkLocal"],
    ["fec0::1", "siteLocal"],
    ["ff02::1", "multicast"],
    ["ff05::1:3", "multicast"],
    ["5f00::1", "reserved"],
    ["4000::1", "reserved"],
    ["::2", "unspecified"], // IPv4-compatible form of 0.0.0.2
    ["1::1", "reserved"], // outside 2000::/3
    ["2606:4700:4700::1111", "public"],
    ["2001:4860:4860::8888", "public"],
    ["2a00:1450:4001::1", "public"],
  ];

  it.each(table)("%s is %s", (address, category) => {
    expect(classifyAddress(address)?.category).toBe(category);
  });

  it("reports the embedded IPv4 address and how it is embedded", () => {
    expect(classifyAddress("::ffff:7f00:1")).toEqual({
      address: "::ffff:7f00:1",
      family: 6,
      category: "loopback",
      embedded: { via: "ipv4-mapped", ipv4: "127.0.0.1", category: "loopback" },
    });
    expect(classifyAddress("2002:808:808::1")?.embedded).toEqual({ via: "6to4", ipv4: "8.8.8.8", category: "public" });
    expect(classifyAddress("64:ff9b::a9fe:a9fe")?.embedded?.via).toBe("nat64");
    expect(classifyAddress("::8.8.8.8")?.embedded).toEqual({
      via: "ipv4-compatible",
      ipv4: "8.8.8.8",
      category: "public",
    });
  });

  it("canonicalises addresses", () => {
    expect(classifyAddress("0:0:0:0:0:0:0:1")?.address).toBe("::1");
    expect(classifyAddress("2001:DB8:0:0:0:0:0:1")?.address).toBe("2001:db8::1");
    expect(classifyAddress(" 10.0.0.1 ")?.address).toBe("10.0.0.1");
  });

  it.each([
    "example.com",
    "localhost",
    "",
    "127.1",
    "0x7f.0.0.1",
    "0177.0.0.1",
    "2130706433",
    "1.2.3.4.5",
    "::ffff:127.1",
    "[::1",
  ])("returns null for %j (not a canonical IP literal)", (input) => {
    expect(classifyAddress(input)).toBeNull();
  });

  it("connects IPv4-mapped addresses over IPv4, everything else as is", () => {
    const mapped = classifyAddress("::ffff:127.0.0.1");
    const nat64 = classifyAddress("64:ff9b::808:808");
    if (!mapped || !nat64) throw new Error("unexpected null");
    expect(connectTarget(mapped)).toEqual({ address: "127.0.0.1", family: 4 });
    expect(connectTarget(nat64)).toEqual({ address: "64:ff9b::808:808", family: 6 });
  });
});

describe("evaluateAddress", () => {
  const cidrs = (...entries: string[]) => parseCidrList(entries);

  it("allows public addresses and blocks everything else by default", () => {
    expect(evaluateAddress("8.8.8.8")).toMatchObject({ allowed: true, via: "public" });
    expect(evaluateAddress("2606:4700:4700::1111")).toMatchObject({ allowed: true, via: "public" });
    for (const address of [
      "127.0.0.1",
      "10.0.0.1",
      "::1",
      "fd12::1",
      "fe80::1",
      "100.64.1.1",
      "::ffff:127.0.0.1",
      "0.0.0.0",
    ]) {
      expect(evaluateAddress(address).allowed, address).toBe(false);
    }
  });

  it("explains the refusal with the offending address", () => {
    const verdict = evaluateAddress("::ffff:127.0.0.1");
    expect(verdict.allowed).toBe(false);
    if (verdict.allowed) return;
    expect(verdict.address).toBe("::ffff:7f00:1");
    expect(verdict.reason).toContain("127.0.0.1");
    expect(verdict.reason).toContain("loopback");
  });

  it("blocks anything that is not an IP literal", () => {
    expect(evaluateAddress("localhost")).toMatchObject({ allowed: false, info: null });
    expect(evaluateAddress("127.1")).toMatchObject({ allowed: false, info: null });
  });

  it("allowPrivateNetwork opens private ranges but not metadata or special-purpose ranges", () => {
    const policy = { allowPrivateNetwork: true };
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.0.10",
      "100.100.1.1",
      "::1",
      "fd12::1",
      "::ffff:10.0.0.1",
    ]) {
      expect(evaluateAddress(address, policy), address).toMatchObject({ allowed: true, via: "privateNetwork" });
    }
    for (const address of [
      "169.254.10.10",
      "fe80::1",
      "169.254.169.254",
      "fd00:ec2::254",
      "::ffff:169.254.169.254",
      "64:ff9b::a9fe:a9fe",
      "100.100.100.200",
      "0.0.0.0",
      "::",
      "224.0.0.1",
      "255.255.255.255",
      "192.0.2.1",
      "198.18.0.1",
      "2001::1",
      "240.0.0.1",
    ]) {
      expect(evaluateAddress(address, policy).allowed, address).toBe(false);
    }
  });

  it("metadata endpoints stay blocked even when an allowlist covers them", () => {
    const verdict = evaluateAddress("169.254.169.254", {
      allowPrivateNetwork: true,
      allowCidrs: cidrs("169.254.0.0/16", "0.0.0.0/0"),
    });
    expect(verdict.allowed).toBe(false);
    if (!verdict.allowed) expect(verdict.reason).toContain("never allowed");
    expect(evaluateAddress("fd00:ec2::254", { allowCidrs: cidrs("fd00::/8") }).allowed).toBe(false);
  });

  it("allowCidrs permits addresses inside the listed ranges only", () => {
    const policy = { allowCidrs: cidrs("10.1.0.0/16", "127.0.0.1/32", "::1/128") };
    expect(evaluateAddress("10.1.200.3", policy)).toMatchObject({ allowed: true, via: "allowlist" });
    expect(evaluateAddress("127.0.0.1", policy)).toMatchObject({ allowed: true, via: "allowlist" });
    expect(evaluateAddress("::1", policy)).toMatchObject({ allowed: true, via: "allowlist" });
    expect(evaluateAddress("10.2.0.1", policy).allowed).toBe(false);
    expect(evaluateAddress("127.0.0.2", policy).allowed).toBe(false);
    expect(evaluateAddress("192.168.0.1", policy).allowed).toBe(false);
  });

  it("matches IPv4-mapped addresses against IPv4 allowlist entries", () => {
    expect(evaluateAddress("::ffff:127.0.0.1", { allowCidrs: cidrs("127.0.0.1/32") })).toMatchObject({ allowed: true });
    expect(evaluateAddress("::ffff:127.0.0.1", { allowCidrs: cidrs("::ffff:127.0.0.1/128") })).toMatchObject({
      allowed: true,
    });
    // Other embeddings are not the same destination (they go through a translator), so they do not match.
    expect(evaluateAddress("64:ff9b::7f00:1", { allowCidrs: cidrs("127.0.0.1/32") }).allowed).toBe(false);
  });
});

// The issue's probes and every metadata address we know, in every form an address can take: none
// may pass, whatever the destination's flag and whatever the instance allowlist says. Pure policy
// decisions: nothing here opens a socket.
describe("the metadata corpus", () => {
  const v4 = [
    "169.254.169.254", // AWS, GCP, Azure, OCI, DigitalOcean, OpenStack, Hetzner, ...
    "169.254.170.2", // AWS ECS task credentials
    "169.254.170.23", // AWS EKS Pod Identity
    "169.254.169.253", // AWS DNS
    "169.254.169.123", // AWS time sync
    "169.254.169.250",
    "169.254.0.23", // Tencent Cloud
    "169.254.42.42", // Scaleway
    "169.254.0.1", // anything else link-local
    "169.254.255.254",
    "100.100.100.200", // Alibaba Cloud
    "168.63.129.16", // Azure WireServer
    "192.0.0.192", // Oracle Cloud (legacy)
  ];
  const v6 = [
    "fd00:ec2::254", // AWS IMDS
    "fd00:ec2::253",
    "fd00:ec2::123",
    "fd00:ec2::23", // AWS EKS Pod Identity
    "fd00:ec2::250",
    "fd20:ce::254", // Google Cloud
    "fd00:c1::a9fe:a9fe", // Oracle Cloud
    "fd00:42::42", // Scaleway
    "fd00:a9fe:a9fe::1", // Akamai (Linode)
    "fe80::1", // link-local
    "fe80::a9fe:a9fe%eth0",
    "febf:ffff::1",
  ];
  const hex = (ipv4: string) => {
    const [a = 0, b = 0, c = 0, d = 0] = ipv4.split(".").map(Number);
    return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  };
  /** The IPv6 spellings of an IPv4 address the kernel (or a translator) would take to it. */
  const v6Forms = (ipv4: string) => [
    `::ffff:${ipv4}`,
    `::ffff:${hex(ipv4)}`,
    `0:0:0:0:0:ffff:${hex(ipv4)}`,
    `::${ipv4}`,
    `::ffff:0:${ipv4}`,
    `64:ff9b::${ipv4}`,
    `64:ff9b::${hex(ipv4)}`,
    `2002:${hex(ipv4)}::1`,
  ];
  /** Other spellings of an IPv6 address: expanded, upper case, bracketed. */
  const spellings = (ipv6: string) => {
    const bare = ipv6.replace(/%.*$/, "");
    const parts = bare.split("::");
    const head = parts[0] ? parts[0].split(":") : [];
    const tail = parts[1] ? parts[1].split(":") : [];
    const expanded = [...head, ...Array<string>(8 - head.length - tail.length).fill("0"), ...tail].join(":");
    return [ipv6, expanded, expanded.toUpperCase(), `[${ipv6}]`];
  };
  const corpus = [...v4, ...v4.flatMap(v6Forms), ...v6.flatMap(spellings)];
  const widest = [
    { allowPrivateNetwork: true },
    { allowPrivateNetwork: true, allowCidrs: parseCidrList(["0.0.0.0/0", "::/0"]) },
    { allowCidrs: parseCidrList(["169.254.0.0/16", "fe80::/10", "fd00::/8", "100.64.0.0/10", "168.63.129.16", "192.0.0.0/24", "64:ff9b::/96", "2002::/16"]) },
  ];

  it.each(corpus)("%s is refused with private networks allowed and every range allowlisted", (address) => {
    for (const policy of widest) {
      const verdict = evaluateAddress(address, policy);
      expect(verdict.allowed, `${address} with ${JSON.stringify(policy)}`).toBe(false);
      if (!verdict.allowed) expect(verdict.explanation).toMatch(/never allowed/);
    }
  });
});

describe("parseCidr", () => {
  it.each([
    ["10.1.0.0/16", "10.1.0.0/16"],
    [" 127.0.0.1/32 ", "127.0.0.1/32"],
    ["10.0.0.5", "10.0.0.5/32"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["::1/128", "::1/128"],
    ["::1", "::1/128"],
    ["fd00::/8", "fd00::/8"],
    ["2001:DB8::/32", "2001:db8::/32"],
    ["::/0", "::/0"],
    ["::ffff:10.0.0.0/104", "10.0.0.0/8"],
  ])("accepts %j as %s", (input, canonical) => {
    const result = parseCidr(input);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.cidr.text).toBe(canonical);
  });

  it.each([
    ["10.1.0.0/33", "0 to 32"],
    ["::1/129", "0 to 128"],
    ["10.1.2.3/16", "did you mean 10.1.0.0/16?"],
    ["fd00::1/8", "did you mean fd00::/8?"],
    ["10.1.0.0/", "prefix length"],
    ["10.1.0.0/abc", "prefix length"],
    ["1.2.3.4/-1", "prefix length"],
    ["10.1.0.0/16/2", 'single "/"'],
    ["127.1/32", "four decimal numbers"],
    ["010.0.0.0/8", "four decimal numbers"],
    ["example.com/24", "not an IP address"],
    ["fe80::%eth0/64", "zone"],
    ["", "empty"],
  ])("rejects %j with a clear error", (input, fragment) => {
    const result = parseCidr(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(fragment);
  });

  it("parseCidrList names every bad entry", () => {
    expect(parseCidrList(["10.0.0.0/8", "::1/128"]).map((c) => c.text)).toEqual(["10.0.0.0/8", "::1/128"]);
    let caught: unknown;
    try {
      parseCidrList(["10.0.0.0/8", "10.0.0.1/8", "nope"]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CidrListError);
    expect((caught as CidrListError).problems).toHaveLength(2);
    expect((caught as CidrListError).message).toContain('"10.0.0.1/8"');
    expect((caught as CidrListError).message).toContain('"nope"');
  });
});

describe("CIDR zod schemas", () => {
  it("cidrSchema outputs the canonical text", () => {
    expect(cidrSchema.parse("2001:DB8::/32")).toBe("2001:db8::/32");
  });

  it("cidrListSchema reports the index and the entry", () => {
    const result = cidrListSchema.safeParse(["10.0.0.0/8", "10.0.0.0/33"]);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.issues).toHaveLength(1);
    expect(result.error.issues[0]?.path).toEqual([1]);
    expect(result.error.issues[0]?.message).toContain('"10.0.0.0/33" is not a valid CIDR');
  });

  it("cidrListStringSchema splits on commas and whitespace", () => {
    expect(cidrListStringSchema.parse("10.1.0.0/16, 127.0.0.1/32\n ::1")).toEqual([
      "10.1.0.0/16",
      "127.0.0.1/32",
      "::1/128",
    ]);
    expect(cidrListStringSchema.parse("")).toEqual([]);
    expect(cidrListStringSchema.parse(" , ")).toEqual([]);
    const bad = cidrListStringSchema.safeParse("10.0.0.0/8,10.0.0.1/8,bogus");
    expect(bad.success).toBe(false);
    if (!bad.success) {
      expect(bad.error.issues.map((issue) => issue.message)).toEqual([
        expect.stringContaining('"10.0.0.1/8"'),
        expect.stringContaining('"bogus"'),
      ]);
    }
  });
});
