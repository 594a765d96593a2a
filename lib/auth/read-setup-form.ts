// Reads the first-run setup form (the set-up code, the first admin's name, email and password) into
// SetupInput, in the browser before it is sent (the API checks it again with the same schema).
import type { SetupField } from "@/lib/auth/action-results";
import { SetupInput } from "@/lib/auth/schema";
import { addIssues, formFailure, type FormReading, type PlaceIssue } from "@/lib/forms/form-result";

export function isSetupField(key: unknown): key is SetupField {
  return key === "setupCode" || key === "name" || key === "email" || key === "password";
}

export const placeSetupIssue: PlaceIssue<SetupField> = (issue) => {
  const field = issue.path[0];
  return isSetupField(field) ? { field, message: issue.message } : null;
};

export function readSetupForm({ form }: { form: FormData }): FormReading<SetupInput, SetupField> {
  // An empty name is no name (the account then shows its email).
  const input = SetupInput.safeParse({
    setupCode: form.get("setupCode") ?? undefined,
    name: form.get("name") || undefined,
    email: form.get("email"),
    password: form.get("password"),
  });
  if (input.success) return { ok: true, input: input.data };
  return formFailure(addIssues<SetupField>({}, input.error, placeSetupIssue));
}
