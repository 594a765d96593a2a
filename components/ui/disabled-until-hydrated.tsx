"use client";

import type { ReactNode } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";

/**
 * Every form control inside is disabled until the page hydrates. Most of the dashboard's fields hold
 * React state: what was typed, picked or ticked before then, hydration put back without a word (a
 * rule's name typed early came back empty, its Enabled switch flipped back on). Disabled, the
 * browser refuses the input for that moment instead, usually well under a second. A presentation
 * fieldset: it disables what it holds, and adds no group to what a screen reader announces.
 */
export function DisabledUntilHydrated({ children }: { children: ReactNode }) {
  const hydrated = useHydrated();
  return (
    <fieldset role="presentation" disabled={!hydrated} aria-busy={hydrated ? undefined : true} className="min-w-0">
      {children}
    </fieldset>
  );
}
