// Reads the Create API token form (its name) into ApiTokenCreateInput.
import { ApiTokenCreateInput } from "@/lib/api-tokens/schema";
import { addIssues, formFailure, placeByPath, type FormReading } from "@/lib/forms/form-result";

export function readApiTokenForm({ form }: { form: FormData }): FormReading<ApiTokenCreateInput> {
  const input = ApiTokenCreateInput.safeParse({
    name: form.get("name"),
    ...(form.get("role") ? { role: form.get("role") } : {}),
    ...(form.get("kind") ? { kind: form.get("kind") } : {}),
  });
  if (input.success) return { ok: true, input: input.data };
  return formFailure(addIssues({}, input.error, placeByPath()));
}
