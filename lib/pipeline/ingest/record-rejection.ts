// Keeps a small record of each refused request so an operator can see why a provider's deliveries
// fail. Bounded per source and process, so a flood of forgeries cannot turn into a flood of writes.
import { db } from "@/lib/db";
import { logger } from "@/lib/log";

const log = logger("ingest");
const MAX_RECORDED_PER_MINUTE = 60;
const windows = new Map<string, { startedAt: number; recorded: number; dropped: number }>();

export interface Rejection {
  sourceId: string;
  status: number;
  reason: string;
  message: string;
  remoteAddress: string;
  headers: Headers;
}

function admit(sourceId: string, now: number): boolean {
  const window = windows.get(sourceId);
  if (!window || now - window.startedAt >= 60_000) {
    if (window?.dropped) log.warn("rejections not recorded: too many for one source", { sourceId, dropped: window.dropped });
    windows.set(sourceId, { startedAt: now, recorded: 1, dropped: 0 });
    return true;
  }
  if (window.recorded < MAX_RECORDED_PER_MINUTE) {
    window.recorded++;
    return true;
  }
  window.dropped++;
  return false;
}

export async function recordRejection(rejection: Rejection): Promise<void> {
  if (!admit(rejection.sourceId, Date.now())) return;
  log.warn("request rejected", { sourceId: rejection.sourceId, status: rejection.status, reason: rejection.reason, remoteAddress: rejection.remoteAddress });
  const contentLength = Number(rejection.headers.get("content-length"));
  await db()
    .rejectedRequest.create({
      data: {
        sourceId: rejection.sourceId,
        status: rejection.status,
        reason: rejection.reason,
        message: rejection.message.slice(0, 500),
        remoteAddress: rejection.remoteAddress.slice(0, 64),
        userAgent: rejection.headers.get("user-agent")?.slice(0, 200) ?? null,
        // An int column: a claimed length beyond it is not worth keeping.
        contentLength: Number.isInteger(contentLength) && contentLength >= 0 && contentLength <= 2 ** 31 - 1 ? contentLength : null,
      },
    })
    .catch((error: unknown) => log.error("could not record a rejected request", { sourceId: rejection.sourceId, error }));
}
