// How a stored secret (a source's or a destination's) is shown: its masked hint and its lifetime,
// never its value. Newest first, as the UI lists them.
export interface StoredSecret {
  id: string;
  hint: string;
  createdAt: Date;
  expiresAt: Date | null;
}

export interface SecretView {
  id: string;
  hint: string;
  createdAt: string;
  expiresAt: string | null;
  active: boolean;
}

/** Active until its expiry, if it has one (a rotation gives the old secret an expiry). */
export function isSecretActive(secret: Pick<StoredSecret, "expiresAt">, now = new Date()): boolean {
  return secret.expiresAt === null || secret.expiresAt > now;
}

export function toSecretViews(secrets: readonly StoredSecret[], now = new Date()): SecretView[] {
  return [...secrets]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .map((secret) => ({
      id: secret.id,
      hint: secret.hint,
      createdAt: secret.createdAt.toISOString(),
      expiresAt: secret.expiresAt?.toISOString() ?? null,
      active: isSecretActive(secret, now),
    }));
}
