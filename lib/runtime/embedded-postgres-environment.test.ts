// The embedded server's environment: glibc malloc tunables added to this process's environment,
// unless the operator already chose malloc tunables of their own.
import { describe, expect, it } from "vitest";
import { SERVER_MALLOC_TUNABLES, serverEnvironment } from "@/lib/runtime/embedded-postgres";

describe("serverEnvironment", () => {
  it("adds the malloc tunables and keeps everything else as it is", () => {
    const env = serverEnvironment({ PATH: "/usr/bin", TZ: "UTC" });
    expect(env).toEqual({ PATH: "/usr/bin", TZ: "UTC", GLIBC_TUNABLES: SERVER_MALLOC_TUNABLES });
  });

  it("appends them to the operator's tunables of other kinds", () => {
    const env = serverEnvironment({ GLIBC_TUNABLES: "glibc.pthread.rseq=0" });
    expect(env.GLIBC_TUNABLES).toBe(`glibc.pthread.rseq=0:${SERVER_MALLOC_TUNABLES}`);
  });

  it("leaves the operator's malloc tunables alone, whole", () => {
    const theirs = "glibc.pthread.rseq=0:glibc.malloc.trim_threshold=131072";
    expect(serverEnvironment({ GLIBC_TUNABLES: theirs }).GLIBC_TUNABLES).toBe(theirs);
  });

  it("does not change the environment it was given", () => {
    const given = { PATH: "/usr/bin" };
    serverEnvironment(given);
    expect(given).toEqual({ PATH: "/usr/bin" });
  });
});
