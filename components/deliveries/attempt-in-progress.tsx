// Shown for a delivery a worker is attempting right now: its attempt is recorded (and counted) only
// once the answer is in, so without this a request that has been out for seconds looked untried.
export function AttemptInProgress() {
  return (
    <span
      className="inline-flex items-center gap-1.5 text-xs font-medium text-indigo-700"
      title="A worker is sending it now. The attempt is listed, with its answer, as soon as it is recorded."
      data-testid="attempt-in-progress"
    >
      <span className="h-2 w-2 animate-pulse rounded-full bg-indigo-500" aria-hidden="true" />
      Attempt in progress
    </span>
  );
}
