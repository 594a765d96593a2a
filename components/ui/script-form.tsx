"use client";

import { createContext, useContext, type FormHTMLAttributes, type Ref } from "react";

const InScriptForm = createContext(false);

/** True inside a ScriptForm: its submit buttons wait for the page to hydrate (components/ui/button.tsx). */
export function useInScriptForm(): boolean {
  return useContext(InScriptForm);
}

/**
 * A form that only script can submit (its onSubmit sends it with fetch or a server function).
 * Before the page hydrates its submit buttons are disabled, which also stops Enter from submitting
 * it; were it submitted natively then, the browser would put every named field, passwords and
 * secrets included, in the page's URL. method="post" keeps them out of the URL even so.
 */
export function ScriptForm({ children, ...props }: FormHTMLAttributes<HTMLFormElement> & { ref?: Ref<HTMLFormElement> }) {
  return (
    <form method="post" {...props}>
      <InScriptForm.Provider value={true}>{children}</InScriptForm.Provider>
    </form>
  );
}
