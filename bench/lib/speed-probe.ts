// The machine's speed WHILE a phase runs. The speed check (harness.ts speedCheckMs) runs between
// targets, on quiet cores; but the host under this VM can slow it for tens of seconds at a time, and
// a phase that fell in such a spell looked like a regression of the code: every part's CPU per
// event grew together, and the run fell behind. This probe times a small fixed piece of CPU work
// (chained SHA-256 digests, as the speed check does) twenty times a second on a thread of its own, so
// the sender's event loop is never held up. A sample that waited for a core reads slow, so each
// second keeps its fastest sample: what the CPU itself did, not how busy it was. Costs ~0.5% of a
// core, counted with this process's CPU (so not charged to the target).
import { Worker } from "node:worker_threads";

/** Digests per sample: ~0.25 ms on the 2-core machine; a short sample is seldom preempted. */
const SAMPLE_DIGESTS = 250;
const SAMPLE_EVERY_MS = 50;

const PROBE_THREAD = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
setInterval(() => {
  const started = performance.now();
  let digest = Buffer.alloc(32);
  for (let index = 0; index < ${SAMPLE_DIGESTS}; index++) digest = createHash("sha256").update(digest).digest();
  parentPort.postMessage({ at: Date.now(), ms: performance.now() - started });
}, ${SAMPLE_EVERY_MS});
`;

export interface PhaseSpeed {
  /** The median second's fastest sample, in µs. */
  medianMicros: number;
  /** The slowest second's fastest sample, in µs. */
  slowestMicros: number;
}

/**
 * Runs for a whole target's phases (one thread, compiled once), and is read per phase: mark() when a
 * phase starts, since(mark) when it ends.
 */
export class SpeedProbe {
  #worker: Worker | null = null;
  #samples: Array<{ at: number; ms: number }> = [];
  /** Samples before this are left out: the thread's code is still being compiled. */
  #warmUntil = 0;

  start(): void {
    if (this.#worker) return;
    this.#samples = [];
    this.#warmUntil = Date.now() + 1000;
    const worker = new Worker(PROBE_THREAD, { eval: true });
    worker.on("message", (sample: { at: number; ms: number }) => this.#samples.push(sample));
    worker.unref();
    this.#worker = worker;
  }

  mark(): number {
    return Date.now();
  }

  /** The machine's speed from `mark` until now; null with no whole second sampled. */
  since(mark: number): PhaseSpeed | null {
    const from = Math.max(mark, this.#warmUntil);
    return phaseSpeed(this.#samples.filter((sample) => sample.at >= from));
  }

  async stop(): Promise<void> {
    await this.#worker?.terminate();
    this.#worker = null;
  }
}

/** Each second's fastest sample (counted from the first sample; a partial last second too), then their median and slowest. */
function phaseSpeed(samples: ReadonlyArray<{ at: number; ms: number }>): PhaseSpeed | null {
  const fastestBySecond = new Map<number, number>();
  const start = samples[0]?.at ?? 0;
  for (const { at, ms } of samples) {
    const second = Math.floor((at - start) / 1000);
    fastestBySecond.set(second, Math.min(ms, fastestBySecond.get(second) ?? Infinity));
  }
  const seconds = [...fastestBySecond.values()].sort((a, b) => a - b);
  if (seconds.length === 0) return null;
  return { medianMicros: seconds[Math.floor(seconds.length / 2)]! * 1000, slowestMicros: seconds.at(-1)! * 1000 };
}

/** A phase's speed, as a note line. */
export function speedNote(speed: PhaseSpeed): string {
  return `the machine's speed meanwhile: ${speed.medianMicros.toFixed(0)} µs for ${SAMPLE_DIGESTS} chained SHA-256 digests in the median second, ${speed.slowestMicros.toFixed(0)} in the slowest (each second's fastest sample, on a thread of this process; lower is faster; ~220 on the 2-core machine at its usual speed, idle or busy)`;
}
