"use client";

import { useState, useTransition } from "react";
import { ROLE_LABELS, ROLES } from "@/lib/access/roles";
import type { UserActionResult } from "@/lib/users/action-results";
import type { UserView } from "@/lib/users/schema";
import { ScriptButton } from "@/components/ui/script-button";
import { useHydrated } from "@/components/ui/use-hydrated";

export function UserRowActions({
  user,
  isSelf,
  changeRole,
  setDisabled,
  unlinkSso,
  remove,
}: {
  user: UserView;
  isSelf: boolean;
  changeRole: (id: string, role: string) => Promise<UserActionResult>;
  setDisabled: (id: string, disabled: boolean) => Promise<UserActionResult>;
  unlinkSso: (id: string) => Promise<UserActionResult>;
  remove: (id: string) => Promise<UserActionResult>;
}) {
  const [result, setResult] = useState<UserActionResult | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const run = (task: () => Promise<UserActionResult>) => startTransition(async () => setResult(await task()));
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex flex-wrap items-center justify-end gap-2">
        <label className="sr-only" htmlFor={`role-${user.id}`}>
          Role of {user.email}
        </label>
        <select
          id={`role-${user.id}`}
          defaultValue={user.role}
          // Changing it acts at once, which only script can do: not before the page is live.
          disabled={pending || !hydrated}
          onChange={(event) => run(() => changeRole(user.id, event.target.value))}
          className="rounded-md border-0 py-1 pr-8 pl-2 text-sm ring-1 ring-slate-300 ring-inset"
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </select>
        {isSelf ? null : (
          <>
            <ScriptButton
              disabled={pending}
              onClick={() => run(() => setDisabled(user.id, user.status === "active"))}
              className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50"
            >
              {user.status === "active" ? "Disable" : "Enable"}
            </ScriptButton>
            {user.ssoLinked ? (
              <ScriptButton
                disabled={pending}
                title="When their identity provider account changed (or the e-mail went to someone else there): the next single sign-on with this e-mail, verified, links the account again."
                onClick={() => {
                  if (window.confirm(`Unlink ${user.email} from their single sign-on identity? Their sessions end.`)) run(() => unlinkSso(user.id));
                }}
                className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50"
              >
                Unlink SSO
              </ScriptButton>
            ) : null}
            <ScriptButton
              disabled={pending}
              onClick={() => {
                if (window.confirm(`Remove ${user.email}? Their API tokens go too; the audit log keeps what they did.`)) run(() => remove(user.id));
              }}
              className="rounded-md px-2 py-1 text-sm font-medium text-red-700 ring-1 ring-red-200 ring-inset hover:bg-red-50"
            >
              Remove
            </ScriptButton>
          </>
        )}
      </div>
      {result ? (
        <p role="status" className={`text-xs ${result.ok ? "text-emerald-700" : "text-red-700"}`}>
          {result.message}
        </p>
      ) : null}
    </div>
  );
}

export function RevokeInviteButton({ id, revoke }: { id: string; revoke: (id: string) => Promise<UserActionResult> }) {
  const [result, setResult] = useState<UserActionResult | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-col items-end gap-1">
      <ScriptButton
        disabled={pending}
        onClick={() => startTransition(async () => setResult(await revoke(id)))}
        className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50"
      >
        Withdraw
      </ScriptButton>
      {result ? <p className={`text-xs ${result.ok ? "text-emerald-700" : "text-red-700"}`}>{result.message}</p> : null}
    </div>
  );
}
