"use client";

import { useState } from "react";
import { useFormStatus } from "react-dom";
import { Button } from "@/components/ui/button";

function ConfirmButton() {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant="danger" disabled={pending} className="px-2 py-1 text-xs">
      {pending ? "Revoking…" : "Revoke"}
    </Button>
  );
}

/** Revoke, after an inline confirmation: clients using the token stop working at once. */
export function RevokeApiTokenButton({ id, name, action }: { id: string; name: string; action: (form: FormData) => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => setConfirming(true)} aria-label={`Revoke ${name}`}>
        Revoke
      </Button>
    );
  }
  return (
    <form action={action} className="flex flex-wrap items-center justify-end gap-2" role="group" aria-label={`Confirm revoking ${name}`}>
      <input type="hidden" name="id" value={id} />
      <span className="text-xs text-slate-700">Revoke “{name}”? Anything using it gets 401 from now on.</span>
      <ConfirmButton />
      <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => setConfirming(false)}>
        Cancel
      </Button>
    </form>
  );
}
