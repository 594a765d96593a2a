// Where the embedded server's Unix socket goes, and when clients fall back to loopback TCP.
import { describe, expect, it } from "vitest";
import { socketDirectoryFor } from "@/lib/runtime/embedded-postgres";

describe("socketDirectoryFor", () => {
  it("puts the socket in the data directory, made absolute", () => {
    expect(socketDirectoryFor("/srv/switchyard/.data/pg", 5432)).toBe("/srv/switchyard/.data/pg");
    expect(socketDirectoryFor(".data/pg", 5432)).toBe(`${process.cwd()}/.data/pg`);
  });

  it("falls back to TCP when the socket's path would pass the kernel's 107 bytes", () => {
    const fits = `/${"d".repeat(107 - "/.s.PGSQL.5432".length - 1)}`;
    expect(`${fits}/.s.PGSQL.5432`).toHaveLength(107);
    expect(socketDirectoryFor(fits, 5432)).toBe(fits);
    expect(socketDirectoryFor(`${fits}d`, 5432)).toBeNull();
    // A longer port number makes the same directory too long.
    expect(socketDirectoryFor(fits, 54321)).toBeNull();
  });

  it("falls back to TCP for a directory pg_ctl's shell line would need quoted", () => {
    expect(socketDirectoryFor("/srv/my data/pg", 5432)).toBeNull();
    expect(socketDirectoryFor("/srv/it's/pg", 5432)).toBeNull();
    expect(socketDirectoryFor("/srv/$(reboot)/pg", 5432)).toBeNull();
  });
});
