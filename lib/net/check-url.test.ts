// checkUrl never opens a connection, so this is where non-loopback destinations (private ranges,
// metadata, public addresses) are exercised. Name resolution is always injected: no real DNS.
import { describe, expect, it } from "vitest";
import { checkUrl, type HostLookup } from "./guarded-request";

const resolvesTo =
  (...addresses: string[]): HostLookup =>
  () =>
    Promise.resolve(addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })));

describe("checkUrl", () => {
  it("accepts a public destination and says where it resolves", async () => {
    const result = await checkUrl({
      url: "https://hooks.example.com/in",
      lookup: resolvesTo("93.184.216.34", "2606:2800:220:1::1"),
    });
    expect(result).toEqual({
      ok: true,
      url: "https://hooks.example.com/in",
      hostname: "hooks.example.com",
      addresses: ["93.184.216.34", "2606:2800:220:1::1"],
      message: "hooks.example.com resolves to 93.184.216.34, 2606:2800:220:1::1.",
    });
  });

  it("accepts public IP literals without a lookup", async () => {
    const lookup: HostLookup = () => Promise.reject(new Error("must not be called for literals"));
    expect(await checkUrl({ url: "http://8.8.8.8/", lookup })).toMatchObject({
      ok: true,
      message: "8.8.8.8 is a public address.",
    });
    expect(await checkUrl({ url: "http://[2606:4700:4700::1111]:8443/", lookup })).toMatchObject({
      ok: true,
      addresses: ["2606:4700:4700::1111"],
    });
  });

  it.each([
    ["http://10.0.0.1/", "10.0.0.1", "private network"],
    ["http://192.168.1.20:8080/x", "192.168.1.20", "private network"],
    ["http://172.16.5.4/", "172.16.5.4", "private network"],
    ["http://100.64.0.7/", "100.64.0.7", "carrier-grade NAT"],
    ["http://169.254.169.254/latest/meta-data/", "169.254.169.254", "metadata"],
    ["http://0.0.0.0:3000/", "0.0.0.0", "unspecified"],
    ["http://0/", "0.0.0.0", "unspecified"],
    ["http://224.0.0.251/", "224.0.0.251", "multicast"],
    ["http://255.255.255.255/", "255.255.255.255", "broadcast"],
    ["http://192.0.2.10/", "192.0.2.10", "documentation"],
    ["http://198.18.0.1/", "198.18.0.1", "benchmarking"],
    ["http://192.0.0.8/", "192.0.0.8", "IETF protocol"],
    ["http://3232235777/", "192.168.1.1", "private network"], // decimal
    ["http://0xa9.0xfe.0xa9.0xfe/", "169.254.169.254", "metadata"], // hex
    ["http://0251.0376.0251.0376/", "169.254.169.254", "metadata"], // octal
    ["http://10.1/", "10.0.0.1", "private network"], // shortened
    ["http://[fd12:3456::1]/", "fd12:3456::1", "unique local"],
    ["http://[fe80::1]/", "fe80::1", "link-local"],
    ["http://[::ffff:10.0.0.1]/", "::ffff:a00:1", "IPv4-mapped"],
    ["http://[::ffff:a9fe:a9fe]/", "::ffff:a9fe:a9fe", "metadata"],
    ["http://[64:ff9b::10.0.0.1]/", "64:ff9b::a00:1", "NAT64"],
    ["http://[2002:c0a8:101::1]/", "2002:c0a8:101::1", "6to4"],
    ["http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"],
    ["http://[2001:db8::1]/", "2001:db8::1", "documentation"],
    ["http://[100::1]/", "100::1", "discard"],
    ["http://[ff02::1]/", "ff02::1", "multicast"],
    ["http://[::]/", "::", "unspecified"],
  ])("blocks %s", async (url, address, description) => {
    const result = await checkUrl({ url });
    expect(result).toMatchObject({ ok: false, kind: "blocked_address", address });
    if (!result.ok) expect(result.message).toContain(description);
  });

  it("blocks a hostname whose lookup resolves to a private address", async () => {
    const result = await checkUrl({ url: "https://internal.example.com/", lookup: resolvesTo("10.20.30.40") });
    expect(result).toEqual({
      ok: false,
      kind: "blocked_address",
      address: "10.20.30.40",
      message: expect.stringContaining(
        "Refusing to connect to internal.example.com: it resolves to 10.20.30.40, which is a private network address",
      ) as unknown,
    });
  });

  it("blocks a mixed answer (one public, one private) whatever the order", async () => {
    for (const lookup of [resolvesTo("93.184.216.34", "10.0.0.1"), resolvesTo("10.0.0.1", "93.184.216.34")]) {
      expect(await checkUrl({ url: "https://mixed.example.com/", lookup })).toMatchObject({
        ok: false,
        kind: "blocked_address",
        address: "10.0.0.1",
      });
    }
    expect(
      await checkUrl({ url: "https://mixed.example.com/", lookup: resolvesTo("93.184.216.34", "::ffff:127.0.0.1") }),
    ).toMatchObject({
      ok: false,
      address: "::ffff:7f00:1",
    });
  });

  it("allowPrivateNetwork opens private destinations but never metadata", async () => {
    expect(await checkUrl({ url: "http://10.0.0.1/", allowPrivateNetwork: true })).toMatchObject({
      ok: true,
      message: "10.0.0.1 is a private network destination allowed by the instance configuration.",
    });
    expect(
      await checkUrl({
        url: "http://nas.lan/",
        allowPrivateNetwork: true,
        lookup: resolvesTo("192.168.1.5", "fd00::5"),
      }),
    ).toMatchObject({
      ok: true,
      addresses: ["192.168.1.5", "fd00::5"],
    });
    for (const url of ["http://169.254.169.254/", "http://[fd00:ec2::254]/", "http://[::ffff:169.254.169.254]/"]) {
      const result = await checkUrl({ url, allowPrivateNetwork: true });
      expect(result, url).toMatchObject({ ok: false, kind: "blocked_address" });
      if (!result.ok) expect(result.message).toContain("never allowed");
    }
    const viaDns = await checkUrl({
      url: "http://metadata.google.internal/",
      allowPrivateNetwork: true,
      lookup: resolvesTo("169.254.169.254"),
    });
    expect(viaDns).toMatchObject({ ok: false, kind: "blocked_address", address: "169.254.169.254" });
    // Still blocked even when an allowlist covers it.
    expect(await checkUrl({ url: "http://169.254.169.254/", allowCidrs: ["169.254.0.0/16"] })).toMatchObject({
      ok: false,
    });
  });

  // The security review's probes: each passed the guard with allowPrivateNetwork on. As URL
  // literals and as names resolving to them (the injected lookup: no DNS, no connection).
  it.each([
    "fd20:ce::254",
    "fd00:c1::a9fe:a9fe",
    "169.254.0.23",
    "169.254.170.23",
    "fd00:ec2::23",
    "169.254.169.253",
    "169.254.169.123",
    "169.254.169.250",
    "169.254.1.1",
    "fe80::1",
  ])("never reaches %s, whatever the flag and the allowlist", async (address) => {
    const literal = address.includes(":") ? `http://[${address}]/computeMetadata/v1/` : `http://${address}/latest/meta-data/`;
    const policies = [{ allowPrivateNetwork: true }, { allowPrivateNetwork: true, allowCidrs: ["0.0.0.0/0", "::/0"] }];
    for (const policy of policies) {
      for (const check of [
        { url: literal },
        { url: "http://metadata.google.internal/computeMetadata/v1/", lookup: resolvesTo(address) },
        { url: "http://pod-identity.example.com/", lookup: resolvesTo("10.0.0.7", address) },
      ]) {
        const result = await checkUrl({ ...check, ...policy });
        expect(result, `${check.url} → ${address}`).toMatchObject({ ok: false, kind: "blocked_address" });
        if (!result.ok) expect(result.message).toContain("never allowed");
      }
    }
  });

  it("allowCidrs opens exactly the listed ranges", async () => {
    const allowCidrs = ["10.1.0.0/16"];
    expect(await checkUrl({ url: "http://10.1.2.3/", allowCidrs })).toMatchObject({
      ok: true,
      message: "10.1.2.3 is allowed by the instance allowlist.",
    });
    expect(await checkUrl({ url: "http://svc.internal/", allowCidrs, lookup: resolvesTo("10.1.9.9") })).toMatchObject({
      ok: true,
      message: "svc.internal resolves to 10.1.9.9, which is allowed by the instance allowlist.",
    });
    expect(await checkUrl({ url: "http://10.2.0.1/", allowCidrs })).toMatchObject({
      ok: false,
      kind: "blocked_address",
    });
  });

  it("reports syntax problems as invalid_url", async () => {
    for (const url of [
      "ftp://example.com/",
      "file:///etc/passwd",
      "gopher://example.com/",
      "https://user:pass@example.com/",
      "nonsense",
    ]) {
      expect(await checkUrl({ url, lookup: resolvesTo("93.184.216.34") }), url).toMatchObject({
        ok: false,
        kind: "invalid_url",
      });
    }
  });

  it("reports resolution problems as dns, and a hung resolver as timeout", async () => {
    const nxdomain: HostLookup = () =>
      Promise.reject(Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }));
    expect(await checkUrl({ url: "https://nope.example.com/", lookup: nxdomain })).toMatchObject({
      ok: false,
      kind: "dns",
      message: "Could not resolve nope.example.com (ENOTFOUND)",
    });
    expect(await checkUrl({ url: "https://empty.example.com/", lookup: () => Promise.resolve([]) })).toMatchObject({
      ok: false,
      kind: "dns",
    });
    // The lookup never returns, so only the timeout can answer.
    expect(
      await checkUrl({ url: "https://slow.example.com/", timeoutMs: 50, lookup: () => new Promise(() => {}) }),
    ).toMatchObject({
      ok: false,
      kind: "timeout",
    });
  });

  it("reports a broken allowlist as invalid_request", async () => {
    expect(await checkUrl({ url: "http://10.0.0.1/", allowCidrs: ["10.0.0.1/8"] })).toMatchObject({
      ok: false,
      kind: "invalid_request",
      message: expect.stringContaining("did you mean 10.0.0.0/8?") as unknown,
    });
  });
});
