"use client";
// Conditions edited with the clickable editor (ConditionsEditor) or as text, one toggle apart:
// the rule builder's and the events filter's. Both edit the same conditions: an edit in the editor
// rewrites the text, text that reads is what the editor shows; text that does not read says what
// is wrong and points at the place, and stays text until it is fixed (the conditions keep their
// last readable state meanwhile).
import { useId, useState } from "react";
import { draftErrors, draftText } from "@/components/rules/condition-draft";
import { ConditionsEditor } from "@/components/rules/conditions-editor";
import type { FieldOption } from "@/components/rules/rule-model";
import { ScriptButton } from "@/components/ui/script-button";
import { parseConditions } from "@/lib/rules/condition-text";
import type { ConditionGroup } from "@/lib/rules/schema";

type Mode = "editor" | "text";

interface TextProblem {
  message: string;
  position: number;
}

export function ConditionsTextToggle({
  value,
  onChange,
  catalogue,
  errors,
  label,
  emptyText,
  seenLabel,
  initialText,
  onTextChange,
}: {
  value: ConditionGroup;
  onChange: (group: ConditionGroup) => void;
  catalogue: FieldOption[];
  /** Messages from elsewhere (a save), keyed as ConditionsEditor shows them; the editor adds its own. */
  errors?: Record<string, string>;
  label: string;
  emptyText?: string;
  seenLabel?: string;
  /** Text to start from when it is not `value`'s (a URL's text that does not read). */
  initialText?: string;
  /** The text form after every change (valid or not). */
  onTextChange?: (text: string) => void;
}) {
  const start = initialText === undefined ? null : parseConditions(initialText);
  const [mode, setMode] = useState<Mode>(start && !start.ok ? "text" : "editor");
  const [text, setText] = useState(initialText ?? draftText(value));
  const [problem, setProblem] = useState<TextProblem | null>(start && !start.ok ? { message: start.message, position: start.position } : null);
  const [blocked, setBlocked] = useState(false);
  const textId = useId();
  const headingId = useId();
  const problemId = useId();

  function changeText(next: string) {
    setText(next);
    setBlocked(false);
    onTextChange?.(next);
    const read = parseConditions(next);
    if (read.ok) {
      setProblem(null);
      onChange(read.conditions);
    } else setProblem({ message: read.message, position: read.position });
  }

  function changeGroup(next: ConditionGroup) {
    const nextText = draftText(next);
    setText(nextText);
    setProblem(null);
    onTextChange?.(nextText);
    onChange(next);
  }

  function switchTo(next: Mode) {
    if (next === "editor" && problem) {
      setBlocked(true);
      return;
    }
    setBlocked(false);
    // The text shows what the editor holds now (it may have changed from outside, e.g. a restore).
    if (next === "text") setText(draftText(value));
    setMode(next);
  }

  return (
    <div role="group" aria-labelledby={headingId} className="min-w-0">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <span id={headingId} className="text-sm font-medium text-slate-700">
          {label}
        </span>
        <div role="group" aria-label="Edit the conditions as" className="inline-flex rounded-md bg-slate-100 p-0.5">
          {(["editor", "text"] as const).map((option) => (
            <ScriptButton
              key={option}
              aria-pressed={mode === option}
                    onClick={() => switchTo(option)}
              className={`rounded px-3 py-1 text-xs font-medium disabled:cursor-wait ${mode === option ? "bg-white text-slate-900 shadow-xs" : "text-slate-600 hover:text-slate-900"}`}
            >
              {option === "editor" ? "Editor" : "Text"}
            </ScriptButton>
          ))}
        </div>
      </div>
      {mode === "editor" ? (
        <ConditionsEditor value={value} onChange={changeGroup} catalogue={catalogue} errors={{ ...draftErrors(value), ...errors }} seenLabel={seenLabel} emptyText={emptyText} />
      ) : (
        <div>
          <label htmlFor={textId} className="sr-only">
            Conditions as text
          </label>
          <textarea
            id={textId}
            value={text}
            onChange={(event) => changeText(event.target.value)}
            rows={3}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? problemId : undefined}
            placeholder='body.ticket.priority in ("high", "urgent") and body.subject contains "refund"'
            className={`block w-full rounded-md border-0 px-3 py-2 font-mono text-sm text-slate-900 shadow-xs ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 ${problem ? "ring-red-400" : "ring-slate-300"}`}
          />
          {problem ? <ProblemAt id={problemId} text={text} problem={problem} /> : null}
          <p className="mt-1 text-xs text-slate-500">
            Fields body.…, headers.…, event.type, source.name, tags, routing.…; operators =, !=, contains, begins with, ends with,
            matches regex, in (…), exists, is empty, between … and …; joined with and / or, brackets and not (…). Text search
            ignores case; = does not.
          </p>
        </div>
      )}
      {blocked && problem ? (
        <p role="alert" className="mt-2 text-xs text-red-700">
          The text does not read as conditions yet, so the editor cannot show it: fix it first ({problem.message}).
        </p>
      ) : null}
    </div>
  );
}

/** The message, and the text's line with a marker under the character it is about. */
function ProblemAt({ id, text, problem }: { id: string; text: string; problem: TextProblem }) {
  const lineStart = text.lastIndexOf("\n", problem.position - 1) + 1;
  const newline = text.indexOf("\n", problem.position);
  const line = text.slice(lineStart, newline === -1 ? text.length : newline);
  const column = problem.position - lineStart;
  // Long lines: the 60 characters around the place.
  const from = Math.max(0, column - 40);
  const shown = `${from > 0 ? "…" : ""}${line.slice(from, from + 60)}`;
  const caret = " ".repeat(column - from + (from > 0 ? 1 : 0));
  return (
    <div id={id} role="alert" className="mt-1 rounded-md bg-red-50 p-2 text-xs text-red-800 ring-1 ring-red-200" data-testid="condition-text-error">
      <p>{problem.message}</p>
      {line.trim() !== "" ? (
        <pre className="mt-1 overflow-x-auto font-mono text-[11px] leading-tight text-red-900" aria-hidden="true">
          {shown}
          {"\n"}
          {caret}^
        </pre>
      ) : null}
    </div>
  );
}
