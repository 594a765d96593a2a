import { CopyButton } from "@/components/ui/copy-button";

/** A token just created: highlighted, with copy, and the warning that it is shown this once. */
export function NewApiToken({ name, token }: { name: string; token: string }) {
  return (
    <div className="rounded-lg bg-amber-50 p-4 ring-1 ring-amber-300" data-testid="new-api-token">
      <h3 className="text-sm font-semibold text-amber-950">Your new token “{name}”</h3>
      <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-center">
        <code className="flex-1 break-all rounded-md bg-white px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-amber-200" data-testid="new-api-token-value">
          {token}
        </code>
        <CopyButton value={token} label="Copy token" />
      </div>
      <p className="mt-2 text-xs text-amber-900">
        Copy it now and keep it somewhere safe: <strong>it won&apos;t be shown again</strong>. Switchyard stores only a hash of it.
      </p>
    </div>
  );
}
