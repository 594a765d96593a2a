"use client";

import { useRef, useState, useTransition } from "react";
import type { SaveRuleResult } from "@/lib/rules/action-results";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { RuleVersionView } from "@/lib/rules/list-rule-versions";

const CHANGE_TONE = { added: "text-emerald-700", removed: "text-red-700", changed: "text-slate-700" } as const;
const CHANGE_SIGN = { added: "+", removed: "−", changed: "~" } as const;

/** A rule's versions, newest first, with what changed; any older one can be restored (as a new version). */
export function RuleHistory({
  sourceId,
  ruleId,
  currentVersion,
  versions,
  rollback,
  onRestored,
}: {
  sourceId: string;
  ruleId: string;
  currentVersion: number;
  versions: RuleVersionView[];
  rollback: (sourceId: string, ruleId: string, version: number) => Promise<SaveRuleResult>;
  onRestored: (fromVersion: number, newVersion: number) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [target, setTarget] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function confirm() {
    if (target === null) return;
    startTransition(async () => {
      const outcome = await rollback(sourceId, ruleId, target);
      if (!outcome.ok) {
        setError(outcome.message ?? Object.values(outcome.fieldErrors)[0] ?? "Could not restore this version.");
        return;
      }
      dialog.current?.close();
      onRestored(target, outcome.version);
    });
  }

  return (
    <>
      <ol className="divide-y divide-slate-100" aria-label="Versions, newest first">
        {versions.map((version) => (
          <li key={version.version} className="flex flex-col gap-2 py-3 first:pt-0 last:pb-0 sm:flex-row sm:items-start sm:justify-between">
            <div className="min-w-0 space-y-1">
              <p className="flex flex-wrap items-center gap-2 text-sm">
                <span className="font-semibold text-slate-900">Version {version.version}</span>
                {version.version === currentVersion ? <Badge tone="green">current</Badge> : null}
                <span className="text-xs text-slate-500">
                  {version.createdBy ?? "API or system"} · <time dateTime={version.createdAt}>{version.createdAt.slice(0, 16).replace("T", " ")} UTC</time>
                </span>
              </p>
              <ul className="space-y-0.5">
                {version.changes.map((change, index) => (
                  <li key={index} className={`font-mono text-xs break-all ${CHANGE_TONE[change.kind]}`}>
                    <span aria-hidden="true">{CHANGE_SIGN[change.kind]} </span>
                    <span className="sr-only">{change.kind}: </span>
                    {change.what}
                  </li>
                ))}
              </ul>
            </div>
            {version.version !== currentVersion ? (
              <Button
                variant="secondary"
                className="shrink-0 py-1 text-xs"
                onClick={() => {
                  setTarget(version.version);
                  setError(null);
                  dialog.current?.showModal();
                }}
              >
                Restore version {version.version}
              </Button>
            ) : null}
          </li>
        ))}
      </ol>
      <dialog ref={dialog} aria-labelledby="restore-title" className="m-auto w-[min(30rem,calc(100vw-2rem))] rounded-lg bg-white p-0 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/50">
        <div className="space-y-4 p-5">
          <h2 id="restore-title" className="text-base font-semibold text-slate-900">
            Restore version {target}?
          </h2>
          <p className="text-sm text-slate-700">
            Its name, conditions and actions are saved as a new version ({currentVersion + 1}) and take effect for the next events. The history keeps every version, so you can come back to the current one. Unsaved edits in the builder are replaced.
          </p>
          {error ? <Alert tone="error">{error}</Alert> : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button onClick={confirm} disabled={pending}>
              {pending ? "Restoring…" : `Restore version ${target}`}
            </Button>
          </div>
        </div>
      </dialog>
    </>
  );
}
