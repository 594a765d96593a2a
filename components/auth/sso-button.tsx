"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { OIDC_PROVIDER_ID } from "@/lib/auth/oidc-provider-id";

/** Starts a single sign-on; the browser leaves for the identity provider (a refusal comes back to /login). */
export function SsoButton({ label, callbackUrl = "/" }: { label: string; callbackUrl?: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="secondary"
      className="w-full"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signIn(OIDC_PROVIDER_ID, { callbackUrl });
      }}
    >
      {label}
    </Button>
  );
}
