import type { ReactNode, TdHTMLAttributes } from "react";

/**
 * A list table: rounded frame, small upper-case header row (`head`, of Th cells) and divided body rows.
 * `flat` drops the card shadow, for a table already inside a card.
 */
export function Table({ head, bodyTestId, flat = false, children }: { head: ReactNode; bodyTestId: string; flat?: boolean; children: ReactNode }) {
  return (
    <div className={`overflow-x-auto rounded-lg ${flat ? "" : "bg-white shadow-xs "}ring-1 ring-slate-200`}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>{head}</tr>
        </thead>
        <tbody className={`divide-y divide-slate-100${flat ? " bg-white" : ""}`} data-testid={bodyTestId}>
          {children}
        </tbody>
      </table>
    </div>
  );
}

export function Th({ align = "left", children }: { align?: "left" | "right"; children: ReactNode }) {
  return (
    <th scope="col" className={align === "right" ? "px-4 py-2 text-right" : "px-4 py-2"}>
      {children}
    </th>
  );
}

/** A body cell with the table's padding; `className` adds to it. */
export function Td({ className = "", ...cell }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={`px-4 py-2 ${className}`.trim()} {...cell} />;
}
