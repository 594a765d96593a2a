"use client";

import type { ButtonHTMLAttributes } from "react";
import { buttonClasses, type ButtonVariant } from "@/components/ui/button-classes";
import { useInScriptForm } from "@/components/ui/script-form";
import { useHydrated } from "@/components/ui/use-hydrated";

/**
 * A button. One that only script can act on (an onClick, or the submit of a ScriptForm) is disabled
 * until the page hydrates: a click before then would be lost without a word. A submit of a form
 * with a server action works before then, so it is left alone.
 */
export function Button({
  variant = "primary",
  className = "",
  disabled,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant }) {
  const hydrated = useHydrated();
  const inScriptForm = useInScriptForm();
  const type = props.type ?? "button";
  const needsScript = props.onClick !== undefined || (type === "submit" && inScriptForm);
  const waiting = needsScript && !hydrated;
  return (
    <button
      type="button"
      {...props}
      disabled={disabled || waiting}
      className={buttonClasses(variant, className)}
    />
  );
}
