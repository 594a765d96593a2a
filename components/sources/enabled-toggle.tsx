"use client";

import { useState, useTransition } from "react";
import { StatusBadge } from "@/components/sources/scheme-badge";
import { Button } from "@/components/ui/button";
import type { ToggleResult } from "@/lib/sources/action-results";

/** Stop or resume receiving, without touching anything else. */
export function EnabledToggle({
  sourceId,
  enabled,
  setEnabled,
}: {
  sourceId: string;
  enabled: boolean;
  setEnabled: (sourceId: string, enabled: boolean) => Promise<ToggleResult>;
}) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  function toggle() {
    startTransition(async () => {
      const outcome = await setEnabled(sourceId, !enabled);
      setError(outcome.ok ? null : outcome.message);
    });
  }
  return (
    <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
      <div className="space-y-1">
        <p className="flex items-center gap-2 text-sm font-medium text-slate-900">
          Receiving <StatusBadge enabled={enabled} />
        </p>
        <p className="max-w-2xl text-xs text-slate-600">
          {enabled
            ? "Disabling keeps the URL, secrets and stored events, but every webhook sent to the URL is answered 410 Gone and not stored; most providers stop retrying on 410."
            : "Every webhook sent to the URL is answered 410 Gone and not stored. Enable it to receive again."}
        </p>
        {error ? <p className="text-xs text-red-600">{error}</p> : null}
      </div>
      <Button variant={enabled ? "secondary" : "primary"} onClick={toggle} disabled={pending} className="shrink-0">
        {pending ? "Saving…" : enabled ? "Disable source" : "Enable source"}
      </Button>
    </div>
  );
}
