// A process started by `npm start` stops itself if the launcher dies without stopping it (e.g.
// SIGKILL), instead of running on as an orphan. Linux and macOS re-parent orphans, changing ppid.
const POLL_MS = 1000;

export function onParentExit(callback: () => void): void {
  if (process.env.SWITCHYARD_SUPERVISED !== "1") return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    callback();
  }, POLL_MS);
  timer.unref();
}
