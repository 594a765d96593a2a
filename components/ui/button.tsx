"use client";

import type { ButtonHTMLAttributes } from "react";
import { buttonClasses, type ButtonVariant } from "@/components/ui/button-classes";
import { ScriptButton } from "@/components/ui/script-button";
import { useInScriptForm } from "@/components/ui/script-form";

/**
 * A button. One that only script can act on (an onClick, or the submit of a ScriptForm) is a
 * ScriptButton, disabled until the page hydrates: a click before then would be lost without a word.
 * A submit of a form with a server action works before then, so it is left alone.
 */
export function Button({ variant = "primary", className = "", ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant }) {
  const inScriptForm = useInScriptForm();
  const needsScript = props.onClick !== undefined || (props.type === "submit" && inScriptForm);
  const Element = needsScript ? ScriptButton : "button";
  return <Element type="button" {...props} className={buttonClasses(variant, className)} />;
}
