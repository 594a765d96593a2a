// What the Users page's actions answer.
import type { FormFailure } from "@/lib/forms/form-result";

export type InviteActionState =
  | { ok?: undefined }
  | { ok: true; email: string; url: string; emailed: boolean; emailProblem: string | null }
  | (FormFailure<"email" | "role"> & { email?: string });

export type UserActionResult = { ok: true; message: string } | { ok: false; message: string };

export type AcceptInviteState = { ok?: undefined } | FormFailure<"name" | "password">;
