"use client";

import { useId, useMemo, type MouseEvent } from "react";
import {
  QueryBuilder,
  type ActionProps,
  type CombinatorSelectorProps,
  type FieldSelectorProps,
  type FullField,
  type NotToggleProps,
  type OperatorSelectorProps,
  type Path,
  type RuleGroupType,
  type RuleType,
  type ValueEditorProps,
} from "react-querybuilder";
import { ChipsInput } from "@/components/rules/chips-input";
import { FieldCombobox } from "@/components/rules/field-combobox";
import { arityOf, fieldsInConditions, formatSample, kindOfCustom, operatorsFor, type FieldKind, type FieldOption } from "@/components/rules/rule-model";
import { ScriptButton } from "@/components/ui/script-button";
import type { ConditionGroup } from "@/lib/rules/schema";

interface BuilderContext {
  catalogue: FieldOption[];
  errors: Record<string, string>;
  seenLabel?: string;
}

type RuleField = FullField & { kind: FieldKind; samples: FieldOption["samples"] };

/** "1", "2.1": a condition's or group's number as shown to the operator. */
function numberOf(path: Path): string {
  return path.map((index) => index + 1).join(".");
}

/** The zod issue path prefix of a node, e.g. conditions.rules.1.rules.0 */
function errorKey(path: Path): string {
  return ["conditions", ...path.flatMap((index) => ["rules", String(index)])].join(".");
}

function ctxOf(context: unknown): BuilderContext {
  return context as BuilderContext;
}

function ErrorText({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-xs text-red-600">
      {message}
    </p>
  );
}

const inputClass = (invalid: boolean) =>
  `block w-full rounded-md border-0 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 ${invalid ? "ring-red-400" : "ring-slate-300"}`;

// ---------------------------------------------------------------------------------------------
// Controls

function FieldSelector(props: FieldSelectorProps) {
  const { value, path } = props;
  const context: unknown = props.context;
  const handleOnChange = (next: string) => props.handleOnChange(next);
  const { catalogue, errors, seenLabel } = ctxOf(context);
  const key = `${errorKey(path)}.field`;
  const error = errors[key];
  const id = `cond-${path.join("-")}-field`;
  return (
    <div className="min-w-[14rem] flex-[2] basis-64">
      <FieldCombobox
        id={id}
        label={`Field of condition ${numberOf(path)}`}
        value={value ?? ""}
        options={catalogue}
        onChange={handleOnChange}
        invalid={Boolean(error)}
        describedBy={error ? `${id}-error` : undefined}
        seenLabel={seenLabel}
      />
      <ErrorText id={`${id}-error`} message={error} />
    </div>
  );
}

function OperatorSelector(props: OperatorSelectorProps) {
  const { value, options, path } = props;
  const handleOnChange = (next: string) => props.handleOnChange(next);
  const id = `cond-${path.join("-")}-operator`;
  return (
    <div className="w-44 shrink-0">
      <label htmlFor={id} className="sr-only">
        Operator of condition {numberOf(path)}
      </label>
      <select id={id} value={value} onChange={(event) => handleOnChange(event.target.value)} className={`${inputClass(false)} pr-8`}>
        {options.map((option) =>
          "options" in option ? null : (
            <option key={option.name} value={option.name}>
              {option.label}
            </option>
          ),
        )}
      </select>
    </div>
  );
}

function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((item) => (typeof item === "string" ? item : JSON.stringify(item)));
  if (typeof value === "string" && value.trim() !== "")
    return value
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean);
  return [];
}

function ValueEditor(props: ValueEditorProps) {
  const { operator, path, fieldData } = props;
  const value: unknown = props.value;
  const context: unknown = props.context;
  const handleOnChange = (next: unknown) => props.handleOnChange(next);
  const { errors } = ctxOf(context);
  const arity = arityOf(operator);
  const listId = useId();
  const base = `cond-${path.join("-")}-value`;
  const key = `${errorKey(path)}.value`;
  const error = errors[key];
  const label = `Value of condition ${numberOf(path)}`;
  const samples = ((fieldData as Partial<RuleField> | undefined)?.samples ?? []).map(formatSample);
  const kind = (fieldData as Partial<RuleField> | undefined)?.kind ?? "any";
  const suggestions = kind === "boolean" ? ["true", "false"] : samples;
  const describedBy = error ? `${base}-error` : undefined;

  if (arity === "none") return <span className="min-w-[8rem] flex-1 basis-36 self-center text-xs text-slate-500">No value needed</span>;

  const datalist =
    suggestions.length > 0 ? (
      <datalist id={listId}>
        {suggestions.map((sample) => (
          <option key={sample} value={sample} />
        ))}
      </datalist>
    ) : null;

  if (arity === "list") {
    return (
      <div className="min-w-[8rem] flex-1 basis-36">
        <ChipsInput
          id={base}
          label={label}
          hideLabel
          values={listOf(value)}
          onChange={(values) => handleOnChange(values)}
          placeholder="Type a value, press Enter"
          suggestions={suggestions}
          invalid={Boolean(error)}
          describedBy={describedBy}
        />
        <ErrorText id={`${base}-error`} message={error} />
      </div>
    );
  }

  if (arity === "range") {
    const pair = Array.isArray(value) ? (value as unknown[]) : listOf(value);
    const from = typeof pair[0] === "string" || typeof pair[0] === "number" ? String(pair[0]) : "";
    const to = typeof pair[1] === "string" || typeof pair[1] === "number" ? String(pair[1]) : "";
    const placeholder = kind === "date" ? "2024-05-01" : "0";
    return (
      <div className="min-w-[8rem] flex-1 basis-36">
        <div className="flex items-center gap-2">
          <label htmlFor={`${base}-from`} className="sr-only">
            {label}: from
          </label>
          <input id={`${base}-from`} value={from} placeholder={placeholder} list={datalist ? listId : undefined} onChange={(event) => handleOnChange([event.target.value, to])} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={inputClass(Boolean(error))} />
          <span className="text-xs text-slate-500">and</span>
          <label htmlFor={`${base}-to`} className="sr-only">
            {label}: to
          </label>
          <input id={`${base}-to`} value={to} placeholder={placeholder} list={datalist ? listId : undefined} onChange={(event) => handleOnChange([from, event.target.value])} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={inputClass(Boolean(error))} />
        </div>
        {datalist}
        <ErrorText id={`${base}-error`} message={error} />
      </div>
    );
  }

  const text = typeof value === "string" ? value : Array.isArray(value) ? listOf(value).join(", ") : value === undefined || value === null ? "" : JSON.stringify(value);
  // The values the picker saw for this field, one click away (the datalist only shows on typing).
  const offered = suggestions.filter((sample) => sample !== text).slice(0, 5);
  const placeholder = operator === "matches" ? "^urgent|(?i)fire" : kind === "number" ? "0" : kind === "date" ? "2024-05-01T00:00:00Z" : "Value";
  return (
    <div className="min-w-[8rem] flex-1 basis-36">
      <label htmlFor={base} className="sr-only">
        {label}
      </label>
      <input
        id={base}
        value={text}
        placeholder={placeholder}
        list={datalist ? listId : undefined}
        onChange={(event) => handleOnChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        autoComplete="off"
        spellCheck={false}
        className={`${inputClass(Boolean(error))} ${operator === "matches" ? "font-mono" : ""}`}
      />
      {datalist}
      {offered.length > 0 && operator !== "matches" ? (
        <p className="mt-1 flex flex-wrap items-center gap-1 text-xs text-slate-500" data-testid="value-samples">
          <span>Seen:</span>
          {offered.map((sample) => (
            <ScriptButton
              key={sample}
              onClick={() => handleOnChange(sample)}
              aria-label={`Use “${sample}” for condition ${numberOf(path)}`}
              className="max-w-48 truncate rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-700 hover:bg-indigo-50 hover:text-indigo-800"
              title={sample}
            >
              {sample}
            </ScriptButton>
          ))}
        </p>
      ) : null}
      <ErrorText id={`${base}-error`} message={error} />
    </div>
  );
}

function CombinatorSelector(props: CombinatorSelectorProps) {
  const { value, path } = props;
  const handleOnChange = (next: string) => props.handleOnChange(next);
  const id = `group-${path.join("-") || "root"}-combinator`;
  const root = path.length === 0;
  return (
    <div className="flex items-center gap-2 text-sm text-slate-700">
      <label htmlFor={id}>{root ? "Match" : `Group ${numberOf(path)}: match`}</label>
      <select id={id} value={value} onChange={(event) => handleOnChange(event.target.value)} className="rounded-md border-0 bg-white py-1 pr-8 pl-2.5 text-sm font-medium text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600">
        <option value="and">all of these</option>
        <option value="or">any of these</option>
      </select>
    </div>
  );
}

function NotToggle(props: NotToggleProps) {
  const { checked, path } = props;
  const handleOnChange = (next: boolean) => props.handleOnChange(next);
  const id = `group-${path.join("-") || "root"}-not`;
  const root = path.length === 0;
  return (
    <label htmlFor={id} className="inline-flex cursor-pointer items-center gap-1.5 rounded-md px-2 py-1 text-xs text-slate-600 hover:bg-slate-100">
      <input id={id} type="checkbox" checked={Boolean(checked)} onChange={(event) => handleOnChange(event.target.checked)} className="size-3.5 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600" />
      <span>
        Not<span className="sr-only">: negate {root ? "all conditions" : `group ${numberOf(path)}`}</span>
      </span>
    </label>
  );
}

// ScriptButtons: disabled until the page is hydrated, before which a click would do nothing.
const actionButton = "inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs font-medium focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600 disabled:cursor-wait disabled:opacity-60";

/** Focuses the element with this id once React has rendered it (a few frames at most). */
function focusWhenShown(id: string, framesLeft = 10): void {
  const element = document.getElementById(id);
  if (element) element.focus();
  else if (framesLeft > 0) requestAnimationFrame(() => focusWhenShown(id, framesLeft - 1));
}

function AddRule(props: ActionProps) {
  const { path } = props;
  const handleOnClick = (event: MouseEvent) => {
    // The new condition comes last in its group: the keyboard goes on there, to its field.
    const index = props.rules?.length ?? 0;
    props.handleOnClick(event);
    focusWhenShown(`cond-${[...path, index].join("-")}-field`);
  };
  return (
    <ScriptButton onClick={(event) => handleOnClick(event)} className={`${actionButton} text-indigo-700 ring-1 ring-indigo-200 ring-inset hover:bg-indigo-50`}>
      <span aria-hidden="true">+</span> Add condition{path.length > 0 ? <span className="sr-only"> to group {numberOf(path)}</span> : null}
    </ScriptButton>
  );
}

function AddGroup(props: ActionProps) {
  const { path, level } = props;
  const handleOnClick = (event: MouseEvent) => props.handleOnClick(event);
  if (level >= 7) return null;
  return (
    <ScriptButton onClick={(event) => handleOnClick(event)} className={`${actionButton} text-slate-600 ring-1 ring-slate-200 ring-inset hover:bg-slate-50`}>
      <span aria-hidden="true">+</span> Add group{path.length > 0 ? <span className="sr-only"> to group {numberOf(path)}</span> : null}
    </ScriptButton>
  );
}

function RemoveRule(props: ActionProps) {
  const { path } = props;
  const handleOnClick = (event: MouseEvent) => props.handleOnClick(event);
  return (
    <ScriptButton onClick={(event) => handleOnClick(event)} aria-label={`Remove condition ${numberOf(path)}`} title="Remove condition" className={`${actionButton} ml-auto self-start px-2 py-2 text-slate-400 hover:bg-red-50 hover:text-red-700`}>
      <span aria-hidden="true">✕</span>
    </ScriptButton>
  );
}

function RemoveGroup(props: ActionProps) {
  const { path } = props;
  const handleOnClick = (event: MouseEvent) => props.handleOnClick(event);
  return (
    <ScriptButton onClick={(event) => handleOnClick(event)} className={`${actionButton} text-slate-500 hover:bg-red-50 hover:text-red-700`}>
      Remove group<span className="sr-only"> {numberOf(path)}</span>
    </ScriptButton>
  );
}

// ---------------------------------------------------------------------------------------------

const CONTROL_CLASSNAMES = {
  queryBuilder: "space-y-2",
  ruleGroup: "rounded-md bg-slate-50/60 p-3 ring-1 ring-slate-200 ring-inset [&_&]:bg-white [&_&]:border-l-4 [&_&]:border-indigo-200",
  header: "flex flex-wrap items-center gap-2 [&>*:nth-child(3)]:ml-auto",
  body: "mt-3 space-y-2 empty:hidden",
  rule: "flex flex-wrap items-start gap-2 rounded-md bg-white p-2 ring-1 ring-slate-200",
  betweenRules: "hidden",
};

const COMBINATORS = [
  { name: "and", label: "all of these" },
  { name: "or", label: "any of these" },
];

export function ConditionsEditor({
  value,
  onChange,
  catalogue,
  errors,
  emptyText = "No conditions: this rule matches every event. Add a condition to narrow it down.",
  seenLabel,
}: {
  value: ConditionGroup;
  onChange: (group: ConditionGroup) => void;
  catalogue: FieldOption[];
  errors: Record<string, string>;
  /** What no conditions means where the editor is used (a rule matches everything, a filter hides nothing). */
  emptyText?: string;
  /** The field picker's heading for fields seen in events. */
  seenLabel?: string;
}) {
  const usedKey = fieldsInConditions(value).join("\n");
  const fields = useMemo(() => {
    const known = new Set(catalogue.map((option) => option.name));
    const custom: FieldOption[] = [...new Set(usedKey.split("\n"))].filter((name) => name !== "" && !known.has(name)).map((name) => ({ name, label: name, kind: kindOfCustom(name), origin: "custom", samples: [] }));
    return [...catalogue, ...custom];
  }, [catalogue, usedKey]);
  const rqbFields = useMemo<RuleField[]>(() => fields.map((field) => ({ name: field.name, value: field.name, label: field.name, kind: field.kind, samples: field.samples })), [fields]);
  const context = useMemo<BuilderContext>(() => ({ catalogue: fields, errors, seenLabel }), [fields, errors, seenLabel]);
  const rootError = errors.conditions ?? errors["conditions.rules"];

  return (
    <div>
      <QueryBuilder
        query={value as unknown as RuleGroupType}
        onQueryChange={(query) => onChange(query as unknown as ConditionGroup)}
        fields={rqbFields}
        combinators={COMBINATORS}
        getOperators={(field, { fieldData }) => operatorsFor((fieldData as Partial<RuleField> | undefined)?.kind ?? kindOfCustom(field))}
        getDefaultValue={() => ""}
        onAddRule={(rule: RuleType) => ({ ...rule, field: "", operator: "=", value: "" })}
        showNotToggle
        resetOnFieldChange
        context={context}
        controlClassnames={CONTROL_CLASSNAMES}
        controlElements={{
          fieldSelector: FieldSelector,
          operatorSelector: OperatorSelector,
          valueEditor: ValueEditor,
          combinatorSelector: CombinatorSelector,
          notToggle: NotToggle,
          addRuleAction: AddRule,
          addGroupAction: AddGroup,
          removeRuleAction: RemoveRule,
          removeGroupAction: RemoveGroup,
          cloneRuleAction: null,
          cloneGroupAction: null,
          lockRuleAction: null,
          lockGroupAction: null,
        }}
      />
      {value.rules.length === 0 ? (
        <p className="mt-2 text-xs text-slate-500">{emptyText}</p>
      ) : null}
      {rootError ? <p className="mt-2 text-xs text-red-600">{rootError}</p> : null}
    </div>
  );
}
