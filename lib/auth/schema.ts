// Inputs of sign-in and first-admin setup, shared by the forms and the server.
import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 12;

const email = z
  .email({ error: "Enter a valid email address" })
  .max(254)
  .transform((value) => value.trim().toLowerCase());

export const SignInInput = z.object({
  email,
  password: z.string().min(1, "Enter your password").max(1024),
});

/** The first admin's account: from the set-up page, or from ADMIN_EMAIL/ADMIN_PASSWORD at start. */
export const AdminAccountInput = z.object({
  name: z.string().trim().max(100).optional(),
  email,
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(1024, "Use at most 1024 characters"),
});
export type AdminAccountInput = z.infer<typeof AdminAccountInput>;

/** The set-up page's form: the account, and the set-up code printed in the start log. */
export const SetupInput = AdminAccountInput.extend({
  setupCode: z
    .string({ error: "Enter the set-up code from the start log" })
    .trim()
    .min(1, "Enter the set-up code from the start log")
    .max(64, "That is not a set-up code: it has 16 characters, like 7K2M-QX9D-0A1B-ZZ34"),
});
export type SetupInput = z.infer<typeof SetupInput>;
