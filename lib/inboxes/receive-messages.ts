// A receive with a long poll: leases what is ready; when nothing is, waits until a notification
// says messages of this inbox became receivable (the inbox_messages trigger NOTIFYs on
// 'switchyard_live', heard by this process's one LISTEN connection, lib/live), until the next
// message comes due by the clock (a nack's delay, a lease running out), or until the wait is over,
// whichever is first, and looks again. No polling in between. Null when there is no such inbox.
import { pool } from "@/lib/db";
import { leaseMessages, nextDueAt } from "@/lib/inboxes/lease-messages";
import type { InboxMessageView } from "@/lib/inboxes/schema";
import { isUuid } from "@/lib/ids";
import { subscribeLive } from "@/lib/live/live-listener";

export async function inboxExists({ inboxId }: { inboxId: string }): Promise<boolean> {
  if (!isUuid(inboxId)) return false;
  const { rowCount } = await pool().query("SELECT 1 FROM destinations WHERE id = $1::uuid AND kind = 'inbox'", [inboxId]);
  return (rowCount ?? 0) > 0;
}

/** Resolves when the inbox may have receivable messages, or after `ms`, or on abort. */
export interface InboxWaker {
  /** Set once woken since the last wait: a notification that came while we were querying is not lost. */
  wait(ms: number, signal?: AbortSignal): Promise<void>;
  ready: Promise<void>;
  close(): void;
}

export function watchInbox({ inboxId }: { inboxId: string }): InboxWaker {
  let woken = false;
  let wake: (() => void) | null = null;
  const poke = () => {
    woken = true;
    wake?.();
  };
  const subscription = subscribeLive({
    message: (message) => {
      if (message.kind === "inbox" && message.id === inboxId) poke();
    },
    // Notifications may have been missed while the LISTEN connection was down: look again.
    resync: poke,
    close: poke,
  });
  return {
    ready: subscription.ready,
    close: subscription.unsubscribe,
    wait: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (woken || signal?.aborted || ms <= 0) {
          woken = false;
          return resolve();
        }
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", done);
          wake = null;
          woken = false;
          resolve();
        };
        const timer = setTimeout(done, ms);
        wake = done;
        signal?.addEventListener("abort", done);
      }),
  };
}

/** Milliseconds from now until `due` (a moment after it), or until the deadline when that comes first or nothing is due. */
export function sleepUntil(due: Date | null, deadline: number): number {
  const until = due ? Math.min(deadline, due.getTime() + 5) : deadline;
  return Math.max(0, until - Date.now());
}

/** How long to sleep at most before looking again: until the wait's end or the next due message. */
export async function sleepBudget({ inboxId, deadline }: { inboxId: string; deadline: number }): Promise<number> {
  return sleepUntil(await nextDueAt({ inboxId }), deadline);
}

export async function receiveMessages({
  inboxId,
  max,
  waitSeconds,
  leaseSeconds,
  signal,
}: {
  inboxId: string;
  max: number;
  waitSeconds: number;
  leaseSeconds?: number | undefined;
  signal?: AbortSignal;
}): Promise<InboxMessageView[] | null> {
  if (!(await inboxExists({ inboxId }))) return null;
  const deadline = Date.now() + waitSeconds * 1000;
  // Listening before the first look: a message committed between the look and the wait wakes us.
  const waker = waitSeconds > 0 ? watchInbox({ inboxId }) : null;
  try {
    await waker?.ready;
    for (;;) {
      const messages = await leaseMessages({ inboxId, max, leaseSeconds });
      if (messages.length > 0 || !waker || Date.now() >= deadline || signal?.aborted) return messages;
      await waker.wait(await sleepBudget({ inboxId, deadline }), signal);
    }
  } finally {
    waker?.close();
  }
}
