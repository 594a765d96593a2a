"use client";
// "Replay" on an event's page: routes the event again through the current rules. The form carries
// an idempotency token rendered by the server (and a fresh one after each replay), so a double
// click or a resubmitted form queues one replay, not two.
import { useActionState } from "react";
import { buttonClasses } from "@/components/ui/button-classes";
import type { ReplayEventState } from "@/lib/events/action-results";

export function ReplayEventButton({
  eventId,
  token,
  action,
}: {
  eventId: string;
  token: string;
  action: (previous: ReplayEventState, form: FormData) => Promise<ReplayEventState>;
}) {
  const initial: ReplayEventState = { status: "idle", message: "", token };
  const [state, formAction, pending] = useActionState(action, initial);
  return (
    <form action={formAction} className="flex flex-col items-end gap-1">
      <input type="hidden" name="eventId" value={eventId} />
      <input type="hidden" name="token" value={state.token} />
      <button
        type="submit"
        disabled={pending}
        className={buttonClasses("secondary")}
        title="Route this event again through its source's current rules: a new routing run, and new deliveries to every destination they forward to"
      >
        {pending ? "Queueing replay…" : "Replay"}
      </button>
      {state.message ? (
        <p
          role={state.status === "error" ? "alert" : "status"}
          className={`max-w-xs text-right text-xs ${state.status === "error" ? "text-red-600" : "text-emerald-700"}`}
        >
          {state.message}
        </p>
      ) : (
        <p className="max-w-xs text-right text-xs text-slate-500">
          Routes it again through the current rules; deliveries are made again.
        </p>
      )}
    </form>
  );
}
