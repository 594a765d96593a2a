// Hands a just-created source's secret from the create form to the source page it navigates to,
// in this tab's memory only: never in the URL, a cookie or storage, and gone once shown (a reload
// or another tab never sees it). Client-side navigation keeps this module loaded between the two.
export interface SourceFlash {
  /** The plaintext secret, for schemes that verify; null for "none". */
  secret: string | null;
  /** True when Switchyard generated the secret (so it must be pasted into the provider). */
  generated: boolean;
}

const pending = new Map<string, SourceFlash>();

export function putSourceFlash(sourceId: string, flash: SourceFlash): void {
  pending.set(sourceId, flash);
}

/** Reads the flash without removing it (safe to call during render, twice in development). */
export function peekSourceFlash(sourceId: string): SourceFlash | null {
  return typeof window === "undefined" ? null : (pending.get(sourceId) ?? null);
}

export function clearSourceFlash(sourceId: string): void {
  pending.delete(sourceId);
}
