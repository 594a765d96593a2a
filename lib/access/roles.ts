// The three roles, least to most: each holds everything the one before it holds.
// viewer reads everything except secrets; operator also retries, replays, pauses and resumes, runs
// bulk operations, rule drafts and tests; admin also manages sources, secrets, destinations, rules,
// tokens, users and settings.
// Same values and order as the UserRole enum in prisma/schema.prisma.
export const ROLES = ["viewer", "operator", "admin"] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = { viewer: "Viewer", operator: "Operator", admin: "Administrator" };

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: "Reads everything except secrets.",
  operator: "Also retries and replays, pauses and resumes destinations, runs bulk operations, tries rules out.",
  admin: "Also manages sources, secrets, destinations, rules, API tokens, users and settings.",
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Whether `role` holds at least what `minimum` holds. An unknown role holds nothing. */
export function roleAtLeast(role: string, minimum: Role): boolean {
  return isRole(role) && ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

/** The lower of two roles: a token's role capped by its owner's. */
export function lowerRole(a: Role, b: Role): Role {
  return ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b;
}
