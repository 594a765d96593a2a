// The embedded PostgreSQL's superuser password, while initdb reads it: private from its first byte.
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { withPasswordFile } from "@/lib/runtime/embedded-postgres";

describe("withPasswordFile", () => {
  it("holds the password in a 0600 file in a fresh 0700 directory, even under a permissive umask, and removes both", async () => {
    const previous = process.umask(0);
    let seen = "";
    try {
      await withPasswordFile({ password: "pg-s3cret" }, async (file) => {
        seen = file;
        expect(dirname(dirname(file))).toBe(tmpdir());
        expect(dirname(file)).toMatch(new RegExp(`^${join(tmpdir(), "switchyard-pg-")}[A-Za-z0-9]{6}$`));
        expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
        expect(statSync(file).mode & 0o777).toBe(0o600);
        expect(await readFile(file, "utf8")).toBe("pg-s3cret\n");
      });
    } finally {
      process.umask(previous);
    }
    expect(existsSync(dirname(seen))).toBe(false);
  });

  it("removes the file when the task fails", async () => {
    let seen = "";
    await expect(
      withPasswordFile({ password: "x" }, (file) => {
        seen = file;
        return Promise.reject(new Error("initdb failed"));
      }),
    ).rejects.toThrow("initdb failed");
    expect(existsSync(dirname(seen))).toBe(false);
  });
});
