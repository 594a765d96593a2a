// The audit log page's target filter: plain links, so it works without JavaScript and can be shared.
import Link from "next/link";
import { AUDIT_TARGET_FILTERS } from "@/components/settings/audit-format";

export function AuditLogFilter({ current }: { current: string | undefined }) {
  const choices = [{ value: undefined, label: "Everything" }, ...AUDIT_TARGET_FILTERS];
  return (
    <nav aria-label="Show entries about" className="mb-4 flex flex-wrap gap-2">
      {choices.map((choice) => {
        const active = choice.value === current;
        return (
          <Link
            key={choice.label}
            href={choice.value ? `/settings/audit?type=${choice.value}` : "/settings/audit"}
            aria-current={active ? "page" : undefined}
            className={`rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset ${active ? "bg-indigo-50 text-indigo-700 ring-indigo-200" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"}`}
          >
            {choice.label}
          </Link>
        );
      })}
    </nav>
  );
}
