"use client";
// The source's summary template: how its events are named in every list. A preset per provider to
// start from, the template itself, and a live preview of how it names the source's latest events
// (rendered on the server as the operator types). Saving names new events at once; older ones are
// renamed in the background.
import Link from "next/link";
import { useEffect, useId, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { SummaryPreviewResult, UpdateSourceResult } from "@/lib/sources/action-results";
import type { SummaryPreview } from "@/lib/summaries/preview-summaries";
import { SUMMARY_PRESETS } from "@/lib/summaries/presets";
import { SUMMARY_LIMITS } from "@/lib/summaries/summary-template";

export function SummaryTemplateEditor({
  sourceId,
  template,
  suggestedPresetId,
  preview,
  save,
}: {
  sourceId: string;
  template: string;
  /** The preset for the source's provider, listed first. */
  suggestedPresetId: string;
  preview: (sourceId: string, template: string) => Promise<SummaryPreviewResult>;
  save: (sourceId: string, template: string) => Promise<UpdateSourceResult>;
}) {
  const inputId = useId();
  const [text, setText] = useState(template);
  const [shown, setShown] = useState<{ for: string; preview: SummaryPreview } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      preview(sourceId, text)
        .then((result) => {
          if (!current) return;
          if (result.ok) setShown({ for: text, preview: result.preview });
          else setFailure(result.message);
        })
        .catch(() => current && setFailure("The preview could not be loaded; saving still works."));
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [sourceId, text, preview]);

  const errors = shown?.for === text ? shown.preview.errors : [];
  const changed = text.trim() !== template.trim();
  const presets = [...SUMMARY_PRESETS].sort((a, b) => Number(b.id === suggestedPresetId) - Number(a.id === suggestedPresetId));

  function onSave() {
    startTransition(async () => {
      const outcome = await save(sourceId, text);
      setSaved(outcome.ok);
      setFailure(outcome.ok ? null : (outcome.fieldErrors.summaryTemplate ?? outcome.message ?? "Could not save."));
    });
  }

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        Names this source&apos;s events in the events and deliveries lists, the rule builder&apos;s test picker, backtests and the audit log, and
        the events search looks in it. Write <code className="font-mono text-xs">{"{{path}}"}</code> for a value of the JSON body (
        <code className="font-mono text-xs">ticket.id</code>, <code className="font-mono text-xs">items[0].sku</code>,{" "}
        <code className="font-mono text-xs">custom_fields[id=360001].value</code>) or, when the body has none, the header of that name;{" "}
        <code className="font-mono text-xs">{"{{a | b}}"}</code> takes the first that has a value.
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <div className="space-y-1">
          <label htmlFor={`${inputId}-preset`} className="block text-xs font-medium text-slate-600">
            Start from a preset
          </label>
          <select
            id={`${inputId}-preset`}
            value=""
            onChange={(event) => {
              const preset = SUMMARY_PRESETS.find((candidate) => candidate.id === event.target.value);
              if (preset) {
                setText(preset.template);
                setSaved(false);
              }
            }}
            className="block rounded-md border-0 bg-white py-1.5 pr-8 pl-2.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
          >
            <option value="">Choose a preset…</option>
            {presets.map((preset) => (
              <option key={preset.id} value={preset.id}>
                {preset.label}
                {preset.id === suggestedPresetId ? " (this source's provider)" : ""}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="space-y-1">
        <label htmlFor={inputId} className="block text-sm font-medium text-slate-700">
          Summary template
        </label>
        <textarea
          id={inputId}
          value={text}
          rows={2}
          maxLength={SUMMARY_LIMITS.maxTemplateLength + 50}
          spellCheck={false}
          onChange={(event) => {
            setText(event.target.value);
            setSaved(false);
          }}
          aria-invalid={errors.length > 0 ? true : undefined}
          aria-describedby={`${inputId}-errors`}
          placeholder="#{{ticket.id}} {{ticket.subject}}"
          className={`block w-full rounded-md border-0 px-3 py-2 font-mono text-sm text-slate-900 shadow-xs ring-1 ring-inset focus:ring-2 focus:ring-indigo-600 ${errors.length > 0 ? "ring-red-400" : "ring-slate-300"}`}
        />
        <div id={`${inputId}-errors`}>
          {errors.map((error) => (
            <p key={error} className="text-xs text-red-600">
              {error}
            </p>
          ))}
        </div>
        <p className="text-xs text-slate-500">Empty: events are not named. A summary is plain text, at most {SUMMARY_LIMITS.maxSummaryLength} characters.</p>
      </div>
      <div className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200" aria-live="polite" data-testid="summary-preview">
        <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
          Preview{shown?.preview.fromPresetExample ? " (a typical event of this provider: none received yet)" : ": the latest events"}
        </h3>
        {shown === null ? (
          <p className="text-sm text-slate-500">Loading…</p>
        ) : shown.preview.errors.length > 0 ? (
          <p className="text-sm text-slate-500">Fix the template above to see how it names these events.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {shown.preview.examples.map((example, index) => (
              <li key={example.eventId ?? index} className="flex flex-wrap items-baseline gap-x-2" data-testid="summary-preview-row">
                {example.summary ? <span className="break-words text-slate-900">{example.summary}</span> : <span className="text-slate-500 italic">(nothing: this event has none of these fields)</span>}
                {example.eventId ? (
                  <Link href={`/events/${example.eventId}`} className="text-xs text-indigo-700 hover:underline">
                    {example.receivedAt?.slice(5, 16).replace("T", " ")}
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      {saved && !changed ? <Alert tone="success">Saved. New events are named with it; older ones are being renamed.</Alert> : null}
      <Button onClick={onSave} disabled={pending || !changed || errors.length > 0}>
        {pending ? "Saving…" : "Save summary template"}
      </Button>
    </div>
  );
}
