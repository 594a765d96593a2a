"use client";

import { useEffect, type RefObject } from "react";

/** After a refused submit, move focus (and the view) to the first field marked invalid. */
export function useFocusFirstError(form: RefObject<HTMLFormElement | null>, failure: unknown) {
  useEffect(() => {
    if (!failure) return;
    const field = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    field?.focus();
    field?.scrollIntoView({ block: "center" });
  }, [form, failure]);
}
