// Hands a just-created destination's signing secret from the create form to the destination page it
// navigates to, in this tab's memory only: never in the URL, a cookie or storage, and gone once
// shown. Client-side navigation keeps this module loaded between the two.
const pending = new Map<string, string>();

export function putDestinationSecretFlash(destinationId: string, secret: string): void {
  pending.set(destinationId, secret);
}

/** Reads the secret without removing it (safe to call during render, twice in development). */
export function peekDestinationSecretFlash(destinationId: string): string | null {
  return typeof window === "undefined" ? null : (pending.get(destinationId) ?? null);
}

export function clearDestinationSecretFlash(destinationId: string): void {
  pending.delete(destinationId);
}
