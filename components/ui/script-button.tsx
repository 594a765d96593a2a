"use client";

import type { ButtonHTMLAttributes, Ref } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";

/**
 * A plain <button> that only script acts on (its onClick), unstyled: disabled until the page
 * hydrates, so a click that comes before then waits for it instead of being lost without a word.
 * Styled buttons use <Button>, which does the same.
 */
export function ScriptButton({ disabled, type = "button", ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { ref?: Ref<HTMLButtonElement> }) {
  const hydrated = useHydrated();
  return <button type={type} {...props} disabled={disabled || !hydrated} />;
}
