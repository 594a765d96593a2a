"use client";

import { useEffect, useState } from "react";
import { clearDestinationSecretFlash, peekDestinationSecretFlash } from "@/components/destinations/secret-flash";
import { SigningSecretOnce } from "@/components/destinations/signing-secret-once";
import { Alert } from "@/components/ui/alert";

/** After "Create destination": a confirmation and the signing secret, once. */
export function CreatedDestinationNotice({ destinationId }: { destinationId: string }) {
  const [secret, setSecret] = useState(() => peekDestinationSecretFlash(destinationId));
  useEffect(() => clearDestinationSecretFlash(destinationId), [destinationId]);
  if (!secret) return null;
  return (
    <div className="mb-6 space-y-3">
      <Alert tone="success">Destination created. Events routed to it are delivered to its URL, signed with the secret below.</Alert>
      <SigningSecretOnce title="Signing secret" secret={secret} onDismiss={() => setSecret(null)} />
    </div>
  );
}
