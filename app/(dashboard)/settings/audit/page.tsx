// The audit log: who changed what, newest first, keyset-paginated; ?type= filters by target type.
import type { Metadata } from "next";
import Link from "next/link";
import { AuditLogFilter } from "@/components/settings/audit-log-filter";
import { AuditLogTable } from "@/components/settings/audit-log-table";
import { buttonClasses } from "@/components/ui/button-classes";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { AuditCursorError, listAuditLog } from "@/lib/audit/list-audit-log";
import type { AuditLogPage } from "@/lib/audit/schema";
import { AUDIT_TARGET_TYPES, type AuditTargetType } from "@/lib/audit/record-audit";
import { requireUser } from "@/lib/auth/session";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Audit log" };

function isTargetType(value: unknown): value is AuditTargetType {
  return typeof value === "string" && (AUDIT_TARGET_TYPES as readonly string[]).includes(value);
}

export default async function AuditLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireUser();
  const params = await searchParams;
  const before = typeof params.before === "string" ? params.before : undefined;
  const targetType = isTargetType(params.type) ? params.type : undefined;
  const first = targetType ? `/settings/audit?type=${targetType}` : "/settings/audit";
  let page: AuditLogPage | null = null;
  try {
    page = await listAuditLog({ before, targetType });
  } catch (error) {
    if (!(error instanceof AuditCursorError)) throw error;
  }
  const older = (cursor: string) =>
    `/settings/audit?${new URLSearchParams({ ...(targetType ? { type: targetType } : {}), before: cursor })}`;

  return (
    <>
      <PageHeader
        title="Audit log"
        description={`Who created, changed, deleted, paused or resumed what, who rotated or revealed which secret, and who retried, cancelled or replayed deliveries and events, from the dashboard or the API. Kept for ${env().AUDIT_RETENTION_DAYS} days.`}
        actions={
          <Link href="/settings" className={buttonClasses("secondary")}>
            ← Settings
          </Link>
        }
      />
      <AuditLogFilter current={targetType} />
      {page === null ? (
        <EmptyState title="This page link is no longer valid">
          <Link href={first} className="text-indigo-700 hover:underline">
            Go to the newest entries
          </Link>
        </EmptyState>
      ) : page.entries.length === 0 ? (
        <EmptyState title={before ? "No older entries" : "Nothing recorded yet"}>
          {before ? (
            <Link href={first} className="text-indigo-700 hover:underline">
              Back to the newest entries
            </Link>
          ) : (
            "Changes to sources, rules, destinations and API tokens, and retries, cancels and replays, appear here with who made them."
          )}
        </EmptyState>
      ) : (
        <>
          <AuditLogTable entries={page.entries} />
          <div className="mt-4 flex justify-between">
            {before ? (
              <Link href={first} className={buttonClasses("secondary")}>
                Newest
              </Link>
            ) : (
              <span />
            )}
            {page.nextCursor ? (
              <Link href={older(page.nextCursor)} className={buttonClasses("secondary")}>
                Older entries →
              </Link>
            ) : null}
          </div>
        </>
      )}
    </>
  );
}
