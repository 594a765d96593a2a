// Reads the Users page's forms and the accept page's form into their lib inputs.
import { addIssues, formFailure, placeByPath, type FormReading } from "@/lib/forms/form-result";
import { AcceptInviteInput, InviteInput } from "@/lib/users/schema";

export function readInviteForm({ form }: { form: FormData }): FormReading<InviteInput> {
  const input = InviteInput.safeParse({ email: form.get("email"), role: form.get("role") });
  if (input.success) return { ok: true, input: input.data };
  return formFailure(addIssues({}, input.error, placeByPath()));
}

export function readAcceptInviteForm({ form }: { form: FormData }): FormReading<AcceptInviteInput> {
  const input = AcceptInviteInput.safeParse({ name: form.get("name"), password: form.get("password") });
  if (input.success) return { ok: true, input: input.data };
  return formFailure(addIssues({}, input.error, placeByPath()));
}
