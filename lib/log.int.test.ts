// A process whose stdout and stderr readers went away keeps running: logging to a closed pipe
// must neither crash it (an unhandled EPIPE) nor loop (an uncaught exception logged to stderr).
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

const CHILD = `
  const { logger } = await import("@/lib/log");
  const log = logger("test");
  log.info("ready");
  process.on("message", async () => {
    for (let line = 0; line < 200; line++) {
      log.error("still logging", { line });
      log.info("and informing", { line });
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    process.send({ done: true }, () => process.exit(0));
  });
`;

describe("logging to a closed pipe", () => {
  it("is dropped: the process goes on and finishes its work", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", CHILD], { stdio: ["ignore", "pipe", "pipe", "ipc"], env: { ...process.env, LOG_LEVEL: "info" } });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    await new Promise((resolve) => child.stdout!.once("data", resolve));
    // The readers go away: every write from now on fails with EPIPE.
    child.stdout!.destroy();
    child.stderr!.destroy();
    const done = new Promise((resolve) => child.once("message", resolve));
    child.send("go");
    expect(await Promise.race([done, exited])).toEqual({ done: true });
    expect(await exited).toEqual({ code: 0, signal: null });
  }, 30_000);
});
