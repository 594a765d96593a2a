// Refusals of user management the person can act on: each with a stable code (the API's) and words.
export type UserManagementProblem = "last_admin" | "user_exists" | "invite_unusable";

export class UserManagementError extends Error {
  override readonly name = "UserManagementError";
  constructor(
    readonly problem: UserManagementProblem,
    message: string,
  ) {
    super(message);
  }
}
