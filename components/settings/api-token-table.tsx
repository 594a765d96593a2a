import { RevokeApiTokenButton } from "@/components/settings/revoke-api-token-button";
import { Badge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";
import type { ApiTokenView } from "@/lib/api-tokens/schema";

export function ApiTokenTable({ tokens, revoke }: { tokens: ApiTokenView[]; revoke: (form: FormData) => Promise<void> }) {
  const now = new Date();
  return (
    <div className="overflow-x-auto rounded-lg ring-1 ring-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="api-tokens">
        <thead className="whitespace-nowrap bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-2">Name</th>
            <th scope="col" className="px-4 py-2">Token</th>
            <th scope="col" className="px-4 py-2">Created</th>
            <th scope="col" className="px-4 py-2">Last used</th>
            <th scope="col" className="px-4 py-2">Status</th>
            <th scope="col" className="px-4 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 bg-white">
          {tokens.map((token) => (
            <tr key={token.id}>
              <td className="px-4 py-2 font-medium text-slate-900">
                {token.name}
                <div className="text-xs font-normal text-slate-500">{token.kind === "scrape" ? "Scrape: /metrics only" : `API as ${token.role}`}</div>
              </td>
              <td className="whitespace-nowrap px-4 py-2 font-mono text-xs text-slate-600">{token.prefix}…</td>
              <td className="whitespace-nowrap px-4 py-2 text-slate-600">
                <TimeAgo date={new Date(token.createdAt)} now={now} />
              </td>
              <td className="whitespace-nowrap px-4 py-2 text-slate-600">{token.lastUsedAt ? <TimeAgo date={new Date(token.lastUsedAt)} now={now} /> : "never"}</td>
              <td className="px-4 py-2">{token.status === "active" ? <Badge tone="green">active</Badge> : <Badge tone="red">revoked</Badge>}</td>
              <td className="px-4 py-2 text-right">
                {token.status === "active" ? <RevokeApiTokenButton id={token.id} name={token.name} action={revoke} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
