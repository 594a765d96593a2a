// What the retention job deletes, and when, as configured (RETENTION_DAYS, AUDIT_RETENTION_DAYS).
const code = "rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-900";

const days = (count: number) => `${count.toLocaleString("en-US")} ${count === 1 ? "day" : "days"}`;

export function RetentionSettings({
  retentionDays,
  auditRetentionDays,
}: {
  retentionDays: number;
  auditRetentionDays: number;
}) {
  return (
    <div className="max-w-3xl space-y-2 text-sm text-slate-600" data-testid="retention-settings">
      <p>
        <strong className="font-medium text-slate-900">
          Events older than {days(retentionDays)} are deleted hourly
        </strong>
        , with their routing history, deliveries and delivery attempts; events with a delivery still waiting to be sent
        are kept until it is done. Delivery attempts, refused requests and finished bulk operations older than that go
        too. Set <code className={code}>RETENTION_DAYS</code> to change.
      </p>
      <p>
        The audit log is kept for {days(auditRetentionDays)}; set <code className={code}>AUDIT_RETENTION_DAYS</code> to
        change.
      </p>
    </div>
  );
}
