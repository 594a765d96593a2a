// Users and invitations: inputs shared by the forms and /api/v1, and the shapes shown.
import { z } from "zod";
import { ROLES } from "@/lib/access/roles";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/schema";

/** How long an invitation link works. */
export const INVITE_LIFETIME_DAYS = 7;

export const InviteInput = z.object({
  email: z
    .email({ error: "Enter a valid email address" })
    .max(254)
    .transform((value) => value.trim().toLowerCase()),
  role: z.enum(ROLES, { error: "Choose viewer, operator or admin" }),
});
export type InviteInput = z.input<typeof InviteInput>;

/** The accept page's form: the newcomer's name and password. */
export const AcceptInviteInput = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100, "Use at most 100 characters"),
  password: z.string().min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`).max(1024, "Use at most 1024 characters"),
});
export type AcceptInviteInput = z.infer<typeof AcceptInviteInput>;

/** A change of a user: role, disabled (true) / enabled (false), or unlinking their single sign-on identity. */
export const UserUpdateInput = z
  .object({
    role: z.enum(ROLES).optional(),
    disabled: z.boolean().optional(),
    ssoLinked: z
      .literal(false)
      .optional()
      .describe("false unbinds the account from its single sign-on identity: the next SSO sign-in with the account's verified e-mail binds it anew. Ends their sessions."),
  })
  .strict()
  .refine((value) => value.role !== undefined || value.disabled !== undefined || value.ssoLinked !== undefined, { message: "Send role, disabled or ssoLinked" });
export type UserUpdateInput = z.infer<typeof UserUpdateInput>;

export const UserView = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(ROLES),
  status: z.enum(["active", "disabled"]).describe("A disabled user cannot sign in; their sessions and API tokens stop working."),
  /** Whether the user can sign in with a password (false for single-sign-on-only users). */
  hasPassword: z.boolean(),
  ssoLinked: z.boolean().describe("Whether the account is bound to a single sign-on identity (the provider's subject), set at its first SSO sign-in."),
  lastSignInAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type UserView = z.infer<typeof UserView>;

export const InviteView = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(ROLES),
  status: z.enum(["open", "accepted", "expired", "revoked"]),
  invitedBy: z.string().nullable().describe("The inviting admin's email; null once they are removed."),
  expiresAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
});
export type InviteView = z.infer<typeof InviteView>;

/** A new invitation: the link is in the answer this once (only its hash is stored). */
export const CreatedInviteView = z.object({
  invite: InviteView,
  url: z.url().describe("The one-time link to send to the person; shown this once."),
  emailed: z.boolean().describe("Whether it was also e-mailed (SMTP_URL configured and the server took it)."),
  emailProblem: z.string().nullable().describe("Why it was not e-mailed, when SMTP_URL is configured but sending failed."),
});
export type CreatedInviteView = z.infer<typeof CreatedInviteView>;
