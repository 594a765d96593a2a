// What the first-run set-up form shows (components/auth/setup-form.tsx): its own reading of the form
// (read-setup-form.ts), or the answer of POST /api/v1/setup (read-setup-answer.ts).
import type { FormResult } from "@/lib/forms/form-result";

export type SetupField = "setupCode" | "name" | "email" | "password";
export type SetupResult = FormResult<object, SetupField>;
