// What the first-run setup action answers (app/setup/actions.ts); components/auth/setup-form.tsx
// renders it.
import type { FormResult } from "@/lib/forms/form-result";

export type SetupField = "name" | "email" | "password";
export type SetupResult = FormResult<object, SetupField>;
