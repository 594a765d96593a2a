// Who may do what: one table from permission to the roles that hold it. Today there is one admin
// account; the roles issue (viewer/operator/admin) changes the roles listed here, and every guarded
// action follows. The role is read from the database at the moment of the decision, not from the
// session: a session's role can be hours old.
import type { Actor } from "@/lib/audit/actor";
import { db } from "@/lib/db";

export const PERMISSIONS = {
  /** Let a destination reach loopback, RFC 1918, CGNAT and ULA addresses (or point such a one elsewhere). */
  "destination.allow_private_network": {
    roles: ["admin"],
    refusal: "Only an administrator can let a destination reach private networks. Ask one, or have OUTBOUND_ALLOW_CIDRS list the address range.",
  },
  /** See a destination's custom header values in plain text (often credentials). */
  "destination.reveal_headers": {
    roles: ["admin"],
    refusal: "Only an administrator can see a destination's header values.",
  },
} as const satisfies Record<string, { roles: readonly string[]; refusal: string }>;

export type Permission = keyof typeof PERMISSIONS;

export class PermissionDeniedError extends Error {
  override readonly name = "PermissionDeniedError";
  constructor(readonly permission: Permission) {
    super(PERMISSIONS[permission].refusal);
  }
}

/**
 * Whether the actor holds the permission now. An actor without a user (id null) is the instance's
 * own code (the circuit breaker, start-up, scripts): it acts on the operator's configuration and
 * never on a request's behalf.
 */
export async function hasPermission({ actor, permission }: { actor: Actor; permission: Permission }): Promise<boolean> {
  if (actor.id === null) return true;
  const user = await db().user.findUnique({ where: { id: actor.id }, select: { role: true } });
  const roles: readonly string[] = PERMISSIONS[permission].roles;
  return user !== null && roles.includes(user.role);
}

/** Throws PermissionDeniedError (403 forbidden in the API) unless the actor holds the permission. */
export async function requirePermission(options: { actor: Actor; permission: Permission }): Promise<void> {
  if (!(await hasPermission(options))) throw new PermissionDeniedError(options.permission);
}
