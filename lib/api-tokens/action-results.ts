// What the Settings page's create-token action answers (app/(dashboard)/settings/actions.ts), as
// the form's state: an error and the name typed (to show again), or the token created.
export interface CreateApiTokenState {
  error?: string;
  name?: string;
  /** `token`: the plaintext, shown once. */
  created?: { name: string; token: string };
}
