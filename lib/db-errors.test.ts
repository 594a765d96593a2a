import { describe, expect, it } from "vitest";
import { describeDatabaseError, isDatabaseUnavailable, outageReporter } from "@/lib/db-errors";
import type { Logger } from "@/lib/log";
import { retryDelayMs } from "@/lib/runtime/when-database-available";

function pgError(code: string, message = "error"): Error {
  return Object.assign(new Error(message), { code });
}

describe("isDatabaseUnavailable", () => {
  it.each([
    ["connection refused", pgError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432")],
    ["connection reset", pgError("ECONNRESET")],
    ["a Unix socket whose server stopped (its file is gone)", Object.assign(pgError("ENOENT", "connect ENOENT /data/pg/.s.PGSQL.5432"), { syscall: "connect" })],
    // As Prisma 7 throws it for that socket (seen with the real client): the code, no syscall.
    ["prisma: a Unix socket whose server stopped", Object.assign(pgError("ENOENT", "Invalid `db().inboxToken.findUnique()` invocation"), { clientVersion: "7.0.0", meta: { modelName: "InboxToken" } })],
    ["DNS not answering", pgError("EAI_AGAIN")],
    ["admin shutdown (pg_ctl stop)", pgError("57P01", "terminating connection due to administrator command")],
    ["crash shutdown", pgError("57P02")],
    ["starting up", pgError("57P03", "the database system is starting up")],
    ["too many connections", pgError("53300")],
    ["connection exception class 08", pgError("08006")],
    ["pg: connection terminated", new Error("Connection terminated unexpectedly")],
    ["pg-pool: connect timeout", new Error("timeout exceeded when trying to connect")],
    ["a broken client reused", new Error("Client has encountered a connection error and is not queryable")],
    ["dual-stack connect (AggregateError)", new AggregateError([pgError("ECONNREFUSED"), pgError("ECONNREFUSED")], "")],
    ["wrapped cause", new Error("could not store", { cause: pgError("ECONNREFUSED") })],
    ["pg-boss's re-emitted copy", { ...pgError("ECONNREFUSED"), message: "connect ECONNREFUSED (Queue: deliver, Worker: x)" }],
    // As Prisma 7 with @prisma/adapter-pg throws it for a server that does not answer (seen with the real client).
    ["prisma: can't reach the server", Object.assign(pgError("P1001"), { meta: { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 1 } } } })],
    ["prisma: the server closed the connection", pgError("P1017")],
    ["prisma adapter: connection closed", Object.assign(new Error(""), { meta: { driverAdapterError: { cause: { kind: "ConnectionClosed" } } } })],
  ])("%s: unavailable", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["unique violation", pgError("23505")],
    ["invalid input (a NUL in text)", pgError("22P05")],
    ["syntax error (a bug)", pgError("42601")],
    ["wrong password", pgError("28P01")],
    ["database does not exist", pgError("3D000")],
    ["prisma: a record not found (a bug or bad data)", pgError("P2025")],
    ["a plain bug", new TypeError("x is not a function")],
    ["a missing file, not a connection", Object.assign(pgError("ENOENT", "no such file or directory, open 'x'"), { syscall: "open" })],
    ["not an error at all", "boom"],
    ["null", null],
  ])("%s: not unavailable", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe("describeDatabaseError", () => {
  it("keeps the first line and the code, never more", () => {
    expect(describeDatabaseError(pgError("57P01", "terminating connection due to administrator command\ndetail"))).toBe(
      "terminating connection due to administrator command (57P01)",
    );
    expect(describeDatabaseError(pgError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432"))).toBe("connect ECONNREFUSED 127.0.0.1:5432");
  });
});

describe("outageReporter", () => {
  function recording() {
    const lines: Array<[string, string, Record<string, unknown> | undefined]> = [];
    const log: Logger = {
      debug: (message, fields) => lines.push(["debug", message, fields]),
      info: (message, fields) => lines.push(["info", message, fields]),
      warn: (message, fields) => lines.push(["warn", message, fields]),
      error: (message, fields) => lines.push(["error", message, fields]),
    };
    return { lines, log };
  }

  it("logs one warning for an outage however many errors it brings, and one line when it ends", () => {
    const { lines, log } = recording();
    const reporter = outageReporter(log);
    reporter.recovered(); // no outage yet: nothing to say
    for (let i = 0; i < 50; i++) reporter.error(pgError("ECONNREFUSED", "connect ECONNREFUSED"), { where: "pool" });
    expect(reporter.unavailable).toBe(true);
    reporter.recovered();
    reporter.recovered();
    expect(reporter.unavailable).toBe(false);
    expect(lines.map(([level, message]) => [level, message])).toEqual([
      ["warn", "database unavailable; waiting for it to come back"],
      ["info", "database available again"],
    ]);
    expect(lines[0]![2]).toEqual({ where: "pool", error: "connect ECONNREFUSED" });
  });

  it("notices the end of an outage with its probe when nothing else reconnects", async () => {
    const { lines, log } = recording();
    const reporter = outageReporter(log);
    let answers = false;
    let probes = 0;
    reporter.probeWith(() => {
      probes++;
      return answers ? Promise.resolve() : Promise.reject(pgError("ECONNREFUSED"));
    });
    reporter.error(pgError("ECONNREFUSED"));
    answers = true;
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (!reporter.unavailable) {
          clearInterval(check);
          resolve();
        }
      }, 50);
    });
    expect(probes).toBeGreaterThan(0);
    expect(lines.at(-1)?.[1]).toBe("database available again");
  }, 10_000);
});

describe("retryDelayMs (waiting for the database at start)", () => {
  it.each([
    [1, 250],
    [2, 500],
    [5, 4000],
    [6, 5000],
    [100, 5000],
  ])("before try %i + 1 waits %i ms", (attempt, delay) => {
    expect(retryDelayMs(attempt)).toBe(delay);
  });
});
