import { describe, expect, it } from "vitest";
import { ingestReachability } from "@/lib/sources/ingest-reachability";

describe("ingestReachability", () => {
  it.each([
    ["http://localhost:3000", false, "a loopback name (this machine only)"],
    ["http://app.localhost", false, "a loopback name (this machine only)"],
    ["http://127.0.0.1:3000", false, "a loopback address"],
    ["http://[::1]:3000", false, "a loopback address"],
    ["http://10.1.2.3", false, "a private network address"],
    ["http://192.168.1.20:8080", false, "a private network address"],
    ["http://0.0.0.0:3000", false, 'an unspecified ("this host") address'],
    ["http://switchyard.local", false, "a name only the local network resolves"],
    ["http://intranet:3000", false, "a name only the local network resolves"],
    ["https://hooks.example.com", true, null],
    ["https://203.0.113.9", false, "a documentation-only address"],
    ["https://8.8.8.8", true, null],
  ])("%s → public %s", (url, reachable, reason) => {
    expect(ingestReachability(url)).toMatchObject({ public: reachable, reason });
  });
});
