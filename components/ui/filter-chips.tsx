// The filters in force on a list, one removable chip each (a link to the list without it), and
// "Clear filters". The lists (events, deliveries) say what each chip reads.
import Link from "next/link";

export interface FilterChip {
  key: string;
  label: string;
  value: string;
  /** Monospaced value (queries, key=value pairs). */
  mono?: boolean;
  /** The list's URL without this filter. */
  removeHref: string;
}

export function FilterChips({ chips, clearHref, className = "" }: { chips: FilterChip[]; clearHref: string; className?: string }) {
  if (chips.length === 0) return null;
  return (
    <div className={`mb-4 flex flex-wrap items-center gap-2 ${className}`} data-testid="active-filters">
      {chips.map((chip) => (
        <span
          key={chip.key}
          className="inline-flex max-w-full items-center gap-1 rounded-full bg-indigo-50 py-0.5 pr-1 pl-2.5 text-xs text-indigo-800 ring-1 ring-inset ring-indigo-200"
        >
          <span className="truncate">
            <span className="font-medium">{chip.label}:</span> <span className={chip.mono ? "font-mono" : ""}>{chip.value}</span>
          </span>
          <Link
            href={chip.removeHref}
            aria-label={`Remove filter ${chip.label}`}
            title="Remove this filter"
            className="inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-indigo-600 hover:bg-indigo-100 hover:text-indigo-900"
          >
            ×
          </Link>
        </span>
      ))}
      <Link href={clearHref} className="text-xs font-medium text-slate-600 hover:text-slate-900 hover:underline">
        Clear filters
      </Link>
    </div>
  );
}
