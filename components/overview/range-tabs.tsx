// Picks the overview's time range (?range=…); plain links, so each range has its own URL.
import Link from "next/link";
import { OVERVIEW_RANGES, type OverviewRange } from "@/lib/overview/range";

export function RangeTabs({ current }: { current: OverviewRange }) {
  return (
    <nav aria-label="Time range" className="inline-flex rounded-md bg-white p-0.5 shadow-xs ring-1 ring-slate-200">
      {(Object.keys(OVERVIEW_RANGES) as OverviewRange[]).map((range) => (
        <Link
          key={range}
          href={range === "day" ? "/" : `/?range=${range}`}
          aria-current={range === current ? "page" : undefined}
          className={`rounded px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 ${
            range === current ? "bg-indigo-50 text-indigo-700" : "text-slate-600 hover:bg-slate-50 hover:text-slate-900"
          }`}
        >
          {OVERVIEW_RANGES[range].label}
        </Link>
      ))}
    </nav>
  );
}
