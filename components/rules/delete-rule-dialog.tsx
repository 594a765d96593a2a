"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/forms/form-result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export function DeleteRuleDialog({
  sourceId,
  ruleId,
  ruleName,
  versionCount,
  deleteRule,
}: {
  sourceId: string;
  ruleId: string;
  ruleName: string;
  versionCount: number;
  deleteRule: (sourceId: string, ruleId: string) => Promise<ActionResult>;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function confirm() {
    startTransition(async () => {
      const outcome = await deleteRule(sourceId, ruleId);
      if (!outcome.ok) {
        setError(outcome.message);
        return;
      }
      dialog.current?.close();
      router.push(`/sources/${sourceId}/rules?${new URLSearchParams({ deleted: ruleName.slice(0, 100) })}`);
    });
  }

  return (
    <>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div>
          <p className="text-sm font-medium text-slate-900">Delete this rule</p>
          <p className="text-xs text-slate-600">Events already routed keep their history; new events skip this rule. Its {versionCount === 1 ? "version is" : `${versionCount} versions are`} deleted too.</p>
        </div>
        <Button
          variant="danger"
          className="shrink-0"
          onClick={() => {
            setError(null);
            dialog.current?.showModal();
          }}
        >
          Delete rule…
        </Button>
      </div>
      <dialog ref={dialog} aria-labelledby="delete-rule-title" className="m-auto w-[min(30rem,calc(100vw-2rem))] rounded-lg bg-white p-0 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/50">
        <div className="space-y-4 p-5">
          <h2 id="delete-rule-title" className="text-base font-semibold text-slate-900">
            Delete “{ruleName}”?
          </h2>
          <p className="text-sm text-slate-700">The rule and its history are deleted permanently. Rules after it move up one place. This cannot be undone.</p>
          {error ? <Alert tone="error">{error}</Alert> : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button variant="danger" onClick={confirm} disabled={pending}>
              {pending ? "Deleting…" : "Delete rule"}
            </Button>
          </div>
        </div>
      </dialog>
    </>
  );
}
