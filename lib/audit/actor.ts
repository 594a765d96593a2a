// Who did something, as the audit log records it: a signed-in user (shown by email), the owner of
// an API token (shown with the token's name), or Switchyard itself (the circuit breaker, retention).
export interface Actor {
  /** The user; null for the system. */
  id: string | null;
  label: string;
  /** An API token's own role: what the actor may do is capped by it (lib/access/permissions.ts). */
  tokenRole?: "viewer" | "operator" | "admin";
}

export const SYSTEM_ACTOR: Actor = { id: null, label: "system" };

/** A session's user, or an API caller (lib/auth/api-auth.ts sets tokenName when a token was used). */
export function actorOf(user: { id: string; email: string; tokenName?: string | null; tokenRole?: Actor["tokenRole"] }): Actor {
  if (user.tokenName) return { id: user.id, label: `API token “${user.tokenName}” (${user.email})`, ...(user.tokenRole ? { tokenRole: user.tokenRole } : {}) };
  return { id: user.id, label: user.email };
}
