// Stops an embedded PostgreSQL when the process that started it dies without stopping it (for
// example killed with SIGKILL), so no orphan server is left behind. Started detached by
// lib/runtime/embedded-postgres.ts; exits as soon as its owner is gone.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const [ownerPid, pgCtl, dataDir, uid, gid] = process.argv.slice(2);
const spawnAs = uid && gid ? { uid: Number(uid), gid: Number(gid) } : {};
const POLL_MS = 500;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

if (!ownerPid || !pgCtl || !dataDir) {
  process.stderr.write("usage: postgres-watchdog <owner pid> <pg_ctl> <data dir> [uid gid]\n");
  process.exit(2);
}

const timer = setInterval(() => {
  if (alive(Number(ownerPid))) return;
  clearInterval(timer);
  // pg_ctl status exits 3 when no server runs: its owner already stopped it.
  run(pgCtl, ["status", "-D", dataDir], spawnAs)
    .then(() => run(pgCtl, ["stop", "-D", dataDir, "-m", "fast", "-w", "-t", "60"], spawnAs))
    .catch(() => undefined)
    .finally(() => process.exit(0));
}, POLL_MS);
