// Settings: the signed-in user's API tokens (for /api/v1), the latest audit log entries, and how long
// data is kept.
import type { Metadata } from "next";
import Link from "next/link";
import { ApiTokenTable } from "@/components/settings/api-token-table";
import { AuditLogTable } from "@/components/settings/audit-log-table";
import { CreateApiTokenForm } from "@/components/settings/create-api-token-form";
import { RetentionSettings } from "@/components/settings/retention-settings";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { apiBaseUrl } from "@/lib/api/api-base-url";
import { listApiTokens } from "@/lib/api-tokens/list-api-tokens";
import { listAuditLog } from "@/lib/audit/list-audit-log";
import { requireUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { PERMISSIONS, roleHasPermission } from "@/lib/access/permissions";
import { createApiTokenAction, revokeApiTokenAction } from "./actions";
import { signOutEverywhereAction } from "./users/actions";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  const managesTokens = roleHasPermission(user.role, "token.manage");
  const [tokens, audit] = await Promise.all([listApiTokens({ userId: user.id }), listAuditLog({ limit: 5 })]);
  const base = apiBaseUrl();
  const { RETENTION_DAYS, AUDIT_RETENTION_DAYS } = env();
  return (
    <>
      <PageHeader title="Settings" />
      <Card title="People and sessions" className="mb-6">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="max-w-3xl text-sm text-slate-600">
            {roleHasPermission(user.role, "user.manage") ? (
              <>
                <Link href="/settings/users" className="font-medium text-indigo-700 hover:underline">
                  Users
                </Link>
                : invite people with a role (viewer, operator, administrator), change roles, disable or remove accounts.{" "}
              </>
            ) : null}
            Signing out everywhere ends your sessions in every browser, this one included.
          </p>
          <form action={signOutEverywhereAction}>
            <Button type="submit" variant="secondary">
              Sign out everywhere
            </Button>
          </form>
        </div>
      </Card>
      <Card title="Alerts" className="mb-6">
        <p className="max-w-3xl text-sm text-slate-600">
          Be told when a destination keeps failing, a source goes quiet or the queue backs up.{" "}
          <Link href="/settings/notifications" className="font-medium text-indigo-700 hover:underline">
            Notification channels
          </Link>{" "}
          say where (Slack, a signed webhook, e-mail);{" "}
          <Link href="/settings/alerts" className="font-medium text-indigo-700 hover:underline">
            Alert rules
          </Link>{" "}
          say when. Prometheus can scrape <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-900">/metrics</code> with an API token.
        </p>
      </Card>
      <div id="api-tokens" className="scroll-mt-6">
        <Card title="API tokens">
          <div className="space-y-4">
            <p className="max-w-3xl text-sm text-slate-600">
              A token lets a script or another service use the API as you. Send it in a header:{" "}
              <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-900">
                Authorization: Bearer swy_…
              </code>
              . The API lives at{" "}
              <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-900">{base}</code>;{" "}
              <a href="/api/v1/openapi.json" className="text-indigo-700 hover:underline">
                its OpenAPI document
              </a>{" "}
              describes every endpoint.
            </p>
            {managesTokens ? <CreateApiTokenForm action={createApiTokenAction} /> : <Alert tone="info">{PERMISSIONS["token.manage"].refusal}</Alert>}
            {tokens.length === 0 ? (
              <EmptyState title="No API tokens yet">
                Create one above; it is shown once, so copy it straight away.
              </EmptyState>
            ) : (
              <ApiTokenTable tokens={tokens} revoke={revokeApiTokenAction} />
            )}
          </div>
        </Card>
      </div>
      <Card
        title="Audit log"
        className="mt-6"
        actions={
          <Link href="/settings/audit" className="text-sm font-medium text-indigo-700 hover:underline">
            View the whole log →
          </Link>
        }
      >
        {audit.entries.length === 0 ? (
          <EmptyState title="Nothing recorded yet">
            Changes to sources, rules, destinations and API tokens appear here, with who made them.
          </EmptyState>
        ) : (
          <AuditLogTable entries={audit.entries} flat />
        )}
      </Card>
      <Card title="Data retention" className="mt-6">
        <RetentionSettings retentionDays={RETENTION_DAYS} auditRetentionDays={AUDIT_RETENTION_DAYS} />
      </Card>
    </>
  );
}
