// The one gate for admin-only actions (notification channels, alert rules, and the settings that
// follow). Until roles arrive (issue 14: viewer, operator, admin) every signed-in user and every API
// token's owner is an administrator, so it lets everyone through; roles plug in here, once.
export function mayChangeSettings(_user: { role: string }): boolean {
  return true;
}

export const SETTINGS_FORBIDDEN_MESSAGE = "Only an administrator can change notification channels and alert rules.";
