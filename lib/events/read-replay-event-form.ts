// Reads an event's Replay form (the event's id and the idempotency token rendered with it) into
// ReplayEventInput.
import { formFailure, type FormReading } from "@/lib/forms/form-result";
import { formText } from "@/lib/forms/form-text";
import { ReplayEventInput } from "@/lib/events/replay-event";

export function readReplayEventForm({ form }: { form: FormData }): FormReading<ReplayEventInput> {
  const input = ReplayEventInput.safeParse({ eventId: formText(form, "eventId"), token: formText(form, "token") });
  if (input.success) return { ok: true, input: input.data };
  // Both fields are hidden: the button shows one message, not field errors.
  return formFailure({}, input.error.issues[0]?.message ?? "The replay form is not valid; reload the page.");
}
