// The supervisor with real child processes: restarts with growing backoff, one unit's death never
// touches another, stop() ends everything, including a unit still starting, and a unit that stops
// answering without dying (its event loop blocked, or the process stopped) is killed and restarted.
import { afterEach, describe, expect, it } from "vitest";
import { nodeProcessUnit } from "@/lib/runtime/node-process-unit";
import { restartDelayMs, Supervisor } from "@/lib/runtime/supervisor";
import type { SupervisorStatus } from "@/lib/runtime/supervisor-status";
import { eventually } from "@/lib/testing/factories";
import { isProcessAlive } from "@/lib/testing/product-processes";

const READY = `process.send({ type: "switchyard:ready" });`;
/** What announceReady() sends every HEARTBEAT_MS, here every 100 ms so a test need not wait long. */
const HEARTBEAT = `setInterval(() => process.send({ type: "switchyard:alive" }), 100);`;
const scripts = {
  /** Announces itself and keeps saying it is alive. */
  heartbeating: `${READY} ${HEARTBEAT}`,
  /** Alive at first, then its event loop never turns again (a busy loop). */
  hanging: `${READY} ${HEARTBEAT} setTimeout(() => { for (;;); }, 300);`,
  /** Announces itself, then runs until signalled. */
  steady: `${READY} setInterval(() => {}, 1000);`,
  /** Announces itself and dies at once. */
  crashing: `${READY} setTimeout(() => process.exit(3), 50);`,
  /** Never announces itself (like a worker waiting for its database). */
  waiting: `setInterval(() => {}, 1000);`,
};

function unit(name: string, script: string, onPid?: (pid: number) => void, unresponsiveAfterMs?: number) {
  return nodeProcessUnit({
    name,
    args: ["-e", script],
    env: process.env,
    ...(unresponsiveAfterMs === undefined ? {} : { unresponsiveAfterMs }),
    onStart: (child) => {
      if (child.pid !== undefined) onPid?.(child.pid);
    },
  });
}

let supervisor: Supervisor | undefined;
afterEach(async () => {
  await supervisor?.stop();
  supervisor = undefined;
});

describe("restartDelayMs", () => {
  it.each([
    [1, 500],
    [2, 1000],
    [3, 2000],
    [6, 16_000],
    [7, 30_000],
    [50, 30_000],
  ])("after %i failures in a row waits %i ms", (failures, delay) => {
    expect(restartDelayMs(failures)).toBe(delay);
  });
});

describe("Supervisor", () => {
  it("restarts a unit that keeps dying, waiting longer each time, and records why", async () => {
    const statuses: SupervisorStatus[] = [];
    supervisor = new Supervisor((status) => statuses.push(status));
    await supervisor.add(unit("crashing", scripts.crashing));
    await eventually(() => (supervisor!.status().processes[0]?.restarts ?? 0) >= 3, { timeoutMs: 20_000 });

    const restarting = statuses.map((status) => status.processes[0]!).filter((process) => process.state === "restarting");
    const waits = restarting.slice(0, 3).map((process) => Date.parse(process.nextRestartAt!) - Date.parse(process.lastExit!.at));
    expect(waits).toEqual([restartDelayMs(1), restartDelayMs(2), restartDelayMs(3)]);
    expect(restarting[0]!.lastExit).toMatchObject({ code: 3, signal: null, reason: "exited with code 3" });
  }, 30_000);

  it("keeps the other units running when one dies, and reports a kill by its signal", async () => {
    const pids: Record<string, number[]> = { steady: [], victim: [] };
    supervisor = new Supervisor();
    await supervisor.add(unit("steady", scripts.steady, (pid) => pids.steady!.push(pid)));
    await supervisor.add(unit("victim", scripts.steady, (pid) => pids.victim!.push(pid)));
    process.kill(pids.victim![0]!, "SIGKILL");

    await eventually(() => supervisor!.status().processes.find((process) => process.name === "victim")?.state === "running" && pids.victim!.length === 2, { timeoutMs: 10_000 });
    const [steady, victim] = supervisor.status().processes;
    expect(steady).toMatchObject({ name: "steady", state: "running", restarts: 0, lastExit: null });
    expect(victim).toMatchObject({ name: "victim", state: "running", restarts: 1, lastExit: { signal: "SIGKILL", reason: "killed by SIGKILL" } });
    expect(isProcessAlive(pids.steady![0]!)).toBe(true);
    expect(pids.steady).toHaveLength(1);
  }, 30_000);

  it("stop() ends every unit, including one still starting, and restarts none of them", async () => {
    const pids: number[] = [];
    supervisor = new Supervisor();
    await supervisor.add(unit("steady", scripts.steady, (pid) => pids.push(pid)));
    // Never ready: add() would wait for it, so it is not awaited.
    void supervisor.add(unit("waiting", scripts.waiting, (pid) => pids.push(pid)));
    await eventually(() => pids.length === 2);
    expect(supervisor.status().processes.map((process) => [process.name, process.state])).toEqual([
      ["steady", "running"],
      ["waiting", "starting"],
    ]);

    await supervisor.stop();
    expect(pids.filter(isProcessAlive)).toEqual([]);
    expect(supervisor.status().processes.map((process) => [process.name, process.state, process.restarts])).toEqual([
      ["steady", "stopped", 0],
      ["waiting", "stopped", 0],
    ]);
  }, 30_000);

  describe("a unit that stops answering without dying", () => {
    const UNRESPONSIVE_REASON = /^unresponsive: no sign of life for \d+ s, so killed$/;

    it("is killed and restarted when its event loop stops turning, and the status says why", async () => {
      const pids: number[] = [];
      supervisor = new Supervisor();
      await supervisor.add(unit("hanging", scripts.hanging, (pid) => pids.push(pid), 1500));
      await eventually(() => (supervisor!.status().processes[0]?.restarts ?? 0) >= 1 && pids.length >= 2, { timeoutMs: 15_000 });
      expect(supervisor.status().processes[0]!.lastExit).toMatchObject({ signal: "SIGKILL", reason: expect.stringMatching(UNRESPONSIVE_REASON) as unknown });
      expect(isProcessAlive(pids[0]!)).toBe(false);
    }, 30_000);

    it("is killed and restarted when the process is stopped (SIGSTOP), while the others run on", async () => {
      const pids: Record<string, number[]> = { frozen: [], steady: [] };
      supervisor = new Supervisor();
      await supervisor.add(unit("frozen", scripts.heartbeating, (pid) => pids.frozen!.push(pid), 1500));
      await supervisor.add(unit("steady", scripts.heartbeating, (pid) => pids.steady!.push(pid), 1500));
      process.kill(pids.frozen![0]!, "SIGSTOP");
      await eventually(() => supervisor!.status().processes.find((process) => process.name === "frozen")?.state === "running" && pids.frozen!.length === 2, { timeoutMs: 15_000 });
      const [frozen, steady] = supervisor.status().processes;
      expect(frozen).toMatchObject({ restarts: 1, lastExit: { signal: "SIGKILL", reason: expect.stringMatching(UNRESPONSIVE_REASON) as unknown } });
      expect(isProcessAlive(pids.frozen![0]!)).toBe(false);
      // Saying it is alive keeps a unit running however long it runs.
      expect(steady).toMatchObject({ state: "running", restarts: 0, lastExit: null });
      expect(pids.steady).toHaveLength(1);
    }, 30_000);
  });
});
