"use client";
// The body card's views: "As received" (the raw text) and, for JSON, "Pretty"; Copy copies the
// view shown, Download saves the exact bytes. Text only: a body is never rendered as markup.
import { useId, useMemo, useState } from "react";
import { JsonValueTree, type ValueLinks } from "@/components/events/json-value-tree";
import { jsonTree } from "@/lib/events/json-tree";
import { buttonClasses } from "@/components/ui/button-classes";
import { CopyButton } from "@/components/ui/copy-button";
import { ScriptButton } from "@/components/ui/script-button";

type View = "raw" | "pretty";

export function BodyViews({
  raw,
  pretty,
  copyable,
  downloadHref,
  description,
  notes,
  valueLinks,
}: {
  raw: string | null;
  pretty: string | null;
  copyable: boolean;
  downloadHref: string;
  description: string;
  notes: string[];
  /** In the pretty view each value is a button: filter the events by it, or start a rule with it. */
  valueLinks?: ValueLinks;
}) {
  const [view, setView] = useState<View>(pretty !== null ? "pretty" : "raw");
  const panelId = useId();
  const shown = view === "pretty" && pretty !== null ? pretty : raw;
  const tree = useMemo(() => (valueLinks && pretty !== null && raw !== null ? jsonTree(raw) : null), [valueLinks, pretty, raw]);
  const tabs: Array<{ id: View; label: string }> = pretty !== null ? [{ id: "pretty", label: "Pretty" }, { id: "raw", label: "As received" }] : [];
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        {tabs.length > 0 ? (
          <div role="tablist" aria-label="Body view" className="inline-flex rounded-md bg-slate-100 p-0.5">
            {tabs.map((tab) => (
              <ScriptButton
                key={tab.id}
                role="tab"
                aria-selected={view === tab.id}
                aria-controls={panelId}
                onClick={() => setView(tab.id)}
                className={`rounded px-3 py-1 text-xs font-medium ${view === tab.id ? "bg-white text-slate-900 shadow-xs" : "text-slate-600 hover:text-slate-900"}`}
              >
                {tab.label}
              </ScriptButton>
            ))}
          </div>
        ) : (
          <span className="text-xs font-medium text-slate-600">As received</span>
        )}
        <div className="flex items-center gap-2">
          <span className="text-xs text-slate-500" data-testid="body-description">
            {description}
          </span>
          {copyable && shown !== null ? <CopyButton value={shown} label={view === "pretty" && pretty !== null ? "Copy pretty" : "Copy as received"} /> : null}
          <a href={downloadHref} download className={buttonClasses("secondary")}>
            Download
          </a>
        </div>
      </div>
      {notes.map((note) => (
        <p key={note} className="text-xs text-amber-800">
          {note}
        </p>
      ))}
      {view === "pretty" && tree && valueLinks ? (
        <div id={panelId} role="tabpanel">
          <p className="mb-1 text-xs text-slate-500">Click a value to filter the events by it or to start a rule with it.</p>
          <JsonValueTree tree={tree} links={valueLinks} />
        </div>
      ) : shown !== null ? (
        <pre
          id={panelId}
          role={tabs.length > 0 ? "tabpanel" : undefined}
          className="max-h-[32rem] overflow-auto whitespace-pre-wrap break-all rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100"
          data-testid="event-body"
          data-view={view === "pretty" && pretty !== null ? "pretty" : "raw"}
        >
          {shown}
        </pre>
      ) : null}
    </div>
  );
}
