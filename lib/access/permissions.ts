// Who may do what: one table from permission to the least role that holds it (lib/access/roles.ts:
// viewer < operator < admin), with the refusal a person is shown. Pages, server actions and lib
// functions ask here; /api/v1 operations name their role in API_OPERATIONS. The role is read from
// the database at the moment of the decision, not from the session: a session's role can be hours old.
import type { Actor } from "@/lib/audit/actor";
import { roleAtLeast, type Role } from "@/lib/access/roles";
import { db } from "@/lib/db";

export const PERMISSIONS = {
  /** Create, change, enable/disable and delete sources; their summary templates. */
  "source.manage": { role: "admin", refusal: "Only an administrator can edit sources." },
  /** See, rotate or check a source's signing secret. */
  "source.secret": { role: "admin", refusal: "Only an administrator can see or change a source's signing secret." },
  /** Send a test event to a source (it stores an event and routes it). */
  "source.test": { role: "operator", refusal: "Only an operator or administrator can send test events." },
  /** Create, change and delete destinations; rotate their signing secrets. */
  "destination.manage": { role: "admin", refusal: "Only an administrator can edit destinations." },
  /** Pause, resume, probe a destination, send it a test delivery. */
  "destination.operate": { role: "operator", refusal: "Only an operator or administrator can pause, resume, probe or test a destination." },
  /** Let a destination reach loopback, RFC 1918, CGNAT and ULA addresses (or point such a one elsewhere). */
  "destination.allow_private_network": {
    role: "admin",
    refusal: "Only an administrator can let a destination reach private networks. Ask one, or have OUTBOUND_ALLOW_CIDRS list the address range.",
  },
  /** See a destination's custom header values in plain text (often credentials). */
  "destination.reveal_headers": { role: "admin", refusal: "Only an administrator can see a destination's header values." },
  /** Retry and cancel deliveries, replay events, bulk retries and replays. */
  "delivery.retry": { role: "operator", refusal: "Only an operator or administrator can retry, cancel or replay." },
  /** Try rules out: test against an event, backtest a draft. */
  "rule.test": { role: "operator", refusal: "Only an operator or administrator can test rules." },
  /** Create, change, reorder, enable/disable, roll back and delete rules. */
  "rule.manage": { role: "admin", refusal: "Only an administrator can edit rules." },
  /** Create and revoke API tokens. */
  "token.manage": { role: "admin", refusal: "Only an administrator can create or revoke API tokens." },
  /** Invite, disable, remove users and change their roles. */
  "user.manage": { role: "admin", refusal: "Only an administrator can manage users." },
  /** Notification channels, alert rules and the other settings. */
  "settings.manage": { role: "admin", refusal: "Only an administrator can change notification channels and alert rules." },
} as const satisfies Record<string, { role: Role; refusal: string }>;

export type Permission = keyof typeof PERMISSIONS;

export class PermissionDeniedError extends Error {
  override readonly name = "PermissionDeniedError";
  constructor(readonly permission: Permission) {
    super(PERMISSIONS[permission].refusal);
  }
}

/** Whether a role holds the permission (for showing or hiding a control; decisions use hasPermission). */
export function roleHasPermission(role: string, permission: Permission): boolean {
  return roleAtLeast(role, PERMISSIONS[permission].role);
}

/** The user's role now, or null when the user is gone or disabled. */
export async function currentRole(userId: string): Promise<Role | null> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { role: true, disabledAt: true } });
  return user && !user.disabledAt ? user.role : null;
}

/**
 * Whether the actor holds the permission now. An actor without a user (id null) is the instance's
 * own code (the circuit breaker, start-up, scripts): it acts on the operator's configuration and
 * never on a request's behalf. An API token's actor is capped by the token's role (`role`).
 */
export async function hasPermission({ actor, permission }: { actor: Actor; permission: Permission }): Promise<boolean> {
  if (actor.id === null) return true;
  const role = await currentRole(actor.id);
  if (role === null) return false;
  if (actor.tokenRole && !roleAtLeast(actor.tokenRole, PERMISSIONS[permission].role)) return false;
  return roleAtLeast(role, PERMISSIONS[permission].role);
}

/** Throws PermissionDeniedError (403 forbidden in the API) unless the actor holds the permission. */
export async function requirePermission(options: { actor: Actor; permission: Permission }): Promise<void> {
  if (!(await hasPermission(options))) throw new PermissionDeniedError(options.permission);
}

/**
 * For server actions: null when the actor holds the permission, otherwise a failure to answer with
 * (fits both FormFailure and `{ ok: false, message }`).
 */
export async function permissionRefusal(options: { actor: Actor; permission: Permission }): Promise<{ ok: false; message: string; fieldErrors: Record<string, string> } | null> {
  if (await hasPermission(options)) return null;
  return { ok: false, message: PERMISSIONS[options.permission].refusal, fieldErrors: {} };
}
