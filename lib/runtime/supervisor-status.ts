// What the launcher (`npm start`) knows about the processes it keeps running, and how the web
// process learns it: the launcher sends its status over the child's IPC channel whenever it changes,
// and the web process keeps the latest copy for /api/health and the overview. A web or worker
// started on its own (`npm run web`) has no launcher, and so no status.
import { z } from "zod";

const ProcessStatusSchema = z.object({
  name: z.string(),
  /** starting: launched, not yet up; running; restarting: dead, waiting for its backoff; stopped: by Ctrl-C/SIGTERM. */
  state: z.enum(["starting", "running", "restarting", "stopped"]),
  /** When it entered that state (ISO 8601). */
  since: z.string(),
  /** Restarts since the launcher started. */
  restarts: z.number().int(),
  lastExit: z.object({ at: z.string(), code: z.number().int().nullable(), signal: z.string().nullable(), reason: z.string() }).nullable(),
  /** When the next restart is due, while restarting. */
  nextRestartAt: z.string().nullable(),
});

export const SupervisorStatusSchema = z.object({
  startedAt: z.string(),
  processes: z.array(ProcessStatusSchema),
});

export type ProcessStatus = z.infer<typeof ProcessStatusSchema>;
export type SupervisorStatus = z.infer<typeof SupervisorStatusSchema>;

const MESSAGE_TYPE = "switchyard:supervisor-status";

export function supervisorStatusMessage(status: SupervisorStatus): { type: typeof MESSAGE_TYPE; status: SupervisorStatus } {
  return { type: MESSAGE_TYPE, status };
}

// On globalThis: bin/web.ts receives the message, Next's bundle (a second module graph) reads it.
const globalForStatus = globalThis as unknown as { switchyardSupervisorStatus?: SupervisorStatus };

/** In a process the launcher started with an IPC channel: keep the launcher's latest status. */
export function receiveSupervisorStatus(): void {
  if (!process.send) return;
  process.on("message", (message: unknown) => {
    if (typeof message !== "object" || message === null || (message as { type?: unknown }).type !== MESSAGE_TYPE) return;
    const parsed = SupervisorStatusSchema.safeParse((message as { status?: unknown }).status);
    if (parsed.success) globalForStatus.switchyardSupervisorStatus = parsed.data;
  });
}

/** The launcher's latest status, or null when this process was not started by it. */
export function supervisorStatus(): SupervisorStatus | null {
  return globalForStatus.switchyardSupervisorStatus ?? null;
}
