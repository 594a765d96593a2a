"use client";

import { useEffect, useState } from "react";
import { OneTimeSecret } from "@/components/sources/one-time-secret";
import { clearSourceFlash, peekSourceFlash } from "@/components/sources/secret-flash";
import { Alert } from "@/components/ui/alert";

/** After "Create source": a confirmation and, for verifying schemes, the secret, once. */
export function CreatedSourceNotice({ sourceId }: { sourceId: string }) {
  const [flash, setFlash] = useState(() => peekSourceFlash(sourceId));
  useEffect(() => clearSourceFlash(sourceId), [sourceId]);
  if (!flash) return null;
  return (
    <div className="mb-6 space-y-3">
      <Alert tone="success">Source created. Paste its URL{flash.secret ? " and secret" : ""} into the sender&apos;s webhook settings, as described below.</Alert>
      {flash.secret ? (
        <OneTimeSecret title={flash.generated ? "Your new secret" : "The secret you saved"} secret={flash.secret} onDismiss={() => setFlash(null)}>
          {flash.generated ? "Switchyard generated this secret: paste it into the sender's webhook settings." : "Stored encrypted; the sender signs with the same value."}
        </OneTimeSecret>
      ) : null}
    </div>
  );
}
