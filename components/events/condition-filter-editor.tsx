"use client";
// The events filter's conditions: the rule builder's clickable editor (same fields, operators and
// case rules), with the text form one toggle away. Both edit one set of conditions: an edit in the
// editor rewrites the text, text that reads is shown in the editor; text that does not read says
// what is wrong and points at the place, and stays in text form until fixed. The text goes into
// the form as `where`, so the URL keeps the filter.
import { useId, useState } from "react";
import { draftErrors, draftText } from "@/components/events/condition-draft";
import { ConditionsEditor } from "@/components/rules/conditions-editor";
import { EMPTY_CONDITIONS, type FieldOption } from "@/components/rules/rule-model";
import { parseConditions } from "@/lib/rules/condition-text";
import type { ConditionGroup } from "@/lib/rules/schema";

type Mode = "editor" | "text";

export interface TextProblem {
  message: string;
  position: number;
}

export function ConditionFilterEditor({
  initialText,
  catalogue,
  seenLabel,
  onTextChange,
}: {
  initialText: string;
  catalogue: FieldOption[];
  seenLabel: string;
  onTextChange?: (text: string) => void;
}) {
  const initial = parseConditions(initialText);
  const [mode, setMode] = useState<Mode>(initial.ok ? "editor" : "text");
  const [group, setGroup] = useState<ConditionGroup>(initial.ok ? initial.conditions : EMPTY_CONDITIONS);
  const [text, setText] = useState(initialText);
  const [problem, setProblem] = useState<TextProblem | null>(initial.ok ? null : { message: initial.message, position: initial.position });
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
      setGroup(read.conditions);
      setProblem(null);
    } else setProblem({ message: read.message, position: read.position });
  }

  function changeGroup(next: ConditionGroup) {
    setGroup(next);
    const nextText = draftText(next);
    setText(nextText);
    setProblem(null);
    onTextChange?.(nextText);
  }

  function switchTo(next: Mode) {
    if (next === "editor" && problem) {
      setBlocked(true);
      return;
    }
    setBlocked(false);
    setMode(next);
  }

  return (
    <div role="group" aria-labelledby={headingId} className="min-w-0" data-testid="condition-filter">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <span id={headingId} className="text-sm font-medium text-slate-700">
          Conditions (as in rules)
        </span>
        <div role="group" aria-label="Edit the conditions as" className="inline-flex rounded-md bg-slate-100 p-0.5">
          {(["editor", "text"] as const).map((option) => (
            <button
              key={option}
              type="button"
              aria-pressed={mode === option}
              onClick={() => switchTo(option)}
              className={`rounded px-3 py-1 text-xs font-medium ${mode === option ? "bg-white text-slate-900 shadow-xs" : "text-slate-600 hover:text-slate-900"}`}
            >
              {option === "editor" ? "Editor" : "Text"}
            </button>
          ))}
        </div>
      </div>
      <input type="hidden" name="where" value={text} />
      {mode === "editor" ? (
        <ConditionsEditor
          value={group}
          onChange={changeGroup}
          catalogue={catalogue}
          errors={draftErrors(group)}
          seenLabel={seenLabel}
          emptyText="No conditions: every event shows. Add a condition to narrow the list down, e.g. a body field equal to a value."
        />
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

/** The message, and the text with a marker under the character it is about. */
function ProblemAt({ id, text, problem }: { id: string; text: string; problem: TextProblem }) {
  // The line the position is on, and the column in it.
  const before = text.slice(0, problem.position);
  const lineStart = before.lastIndexOf("\n") + 1;
  const lineEnd = text.indexOf("\n", problem.position) === -1 ? text.length : text.indexOf("\n", problem.position);
  const line = text.slice(lineStart, lineEnd);
  const column = problem.position - lineStart;
  // Long lines: show the 60 characters around the place.
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
