"use client";

import type { ReactNode } from "react";
import { OneTimeSecretBox } from "@/components/ui/one-time-secret-box";

/** A secret shown once, highlighted, with copy and a reminder that it will not be shown again. */
export function OneTimeSecret({ title, secret, children, onDismiss }: { title: string; secret: string; children?: ReactNode; onDismiss?: () => void }) {
  return (
    <OneTimeSecretBox
      title={title}
      secret={secret}
      onDismiss={onDismiss}
      note={
        <>
          {children} You won&apos;t see it again here; use <strong>Reveal</strong> under Secrets if you need it later.
        </>
      }
    />
  );
}
