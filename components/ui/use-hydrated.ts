import { useSyncExternalStore } from "react";

const neverChanges = () => () => {};

/**
 * False in the server's HTML and while React hydrates it, true from then on. A control that only
 * works with script is disabled until then, so a click that comes before the page is live waits
 * (or shows it is not ready) instead of being lost.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    neverChanges,
    () => true,
    () => false,
  );
}
