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

export const SetupInput = z.object({
  name: z.string().trim().max(100).optional(),
  email,
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(1024, "Use at most 1024 characters"),
});
export type SetupInput = z.infer<typeof SetupInput>;
