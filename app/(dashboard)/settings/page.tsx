// Settings: the signed-in user's API tokens (for /api/v1).
import type { Metadata } from "next";
import { ApiTokenTable } from "@/components/settings/api-token-table";
import { CreateApiTokenForm } from "@/components/settings/create-api-token-form";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { apiBaseUrl } from "@/lib/api/api-base-url";
import { listApiTokens } from "@/lib/api-tokens/list-api-tokens";
import { requireUser } from "@/lib/auth/session";
import { createApiTokenAction, revokeApiTokenAction } from "./actions";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  const tokens = await listApiTokens({ userId: user.id });
  const base = apiBaseUrl();
  return (
    <>
      <PageHeader title="Settings" />
      <Card title="API tokens">
        <div className="space-y-4">
          <p className="max-w-3xl text-sm text-slate-600">
            A token lets a script or another service use the API as you. Send it in a header:{" "}
            <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-900">Authorization: Bearer swy_…</code>. The API lives at{" "}
            <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-900">{base}</code>;{" "}
            <a href="/api/v1/openapi.json" className="text-indigo-700 hover:underline">
              its OpenAPI document
            </a>{" "}
            describes every endpoint.
          </p>
          <CreateApiTokenForm action={createApiTokenAction} />
          {tokens.length === 0 ? (
            <EmptyState title="No API tokens yet">Create one above; it is shown once, so copy it straight away.</EmptyState>
          ) : (
            <ApiTokenTable tokens={tokens} revoke={revokeApiTokenAction} />
          )}
        </div>
      </Card>
    </>
  );
}
