"use client";
// The body's pretty view where each value is a button: its menu filters the events list by that
// value or starts a rule with it as a condition, the field written as a rule's (array elements by
// their id where they have one: lib/events/json-tree.ts). Keys keep their order and numbers their
// spelling. Keyboard: Tab to a value, Enter opens its menu, arrows move, Escape closes.
import Link from "next/link";
import { useEffect, useId, useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from "react";
import { conditionValueOf, type JsonNode } from "@/lib/events/json-tree";
import { CONDITION_TEXT_MAX_LENGTH, formatConditions } from "@/lib/rules/condition-text";
import { ScriptButton } from "@/components/ui/script-button";

export interface ValueLinks {
  sourceId: string;
  eventId: string;
}

const INDENT = "  ";
const HIDDEN_UNTIL_PLACED: CSSProperties = { visibility: "hidden", top: 0, left: 0 };

function scalarClass(value: unknown): string {
  if (typeof value === "string") return "text-emerald-300";
  if (typeof value === "number") return "text-sky-300";
  return "text-amber-300";
}

export function JsonValueTree({ tree, links }: { tree: JsonNode; links: ValueLinks }) {
  return (
    <div
      className="max-h-[32rem] overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap break-all text-slate-100"
      data-testid="event-body"
      data-view="pretty"
    >
      {render(tree, 0, links)}
    </div>
  );
}

function render(node: JsonNode, depth: number, links: ValueLinks): ReactNode {
  const pad = INDENT.repeat(depth + 1);
  const close = INDENT.repeat(depth);
  if (node.kind === "scalar") return <ValueButton node={node} links={links} />;
  if (node.kind === "array") {
    if (node.items.length === 0) return "[]";
    return (
      <>
        {"[\n"}
        {node.items.map((item, index) => (
          <span key={index}>
            {pad}
            {render(item, depth + 1, links)}
            {index < node.items.length - 1 ? ",\n" : "\n"}
          </span>
        ))}
        {close}]
      </>
    );
  }
  if (node.entries.length === 0) return "{}";
  return (
    <>
      {"{\n"}
      {node.entries.map((entry, index) => (
        <span key={index}>
          {pad}
          <span className="text-slate-300">{entry.keyText}</span>
          {": "}
          {render(entry.value, depth + 1, links)}
          {index < node.entries.length - 1 ? ",\n" : "\n"}
        </span>
      ))}
      {close}
      {"}"}
    </>
  );
}

function ValueButton({ node, links }: { node: Extract<JsonNode, { kind: "scalar" }>; links: ValueLinks }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const condition = formatConditions({ combinator: "and", rules: [{ field: node.field, operator: "=", value: conditionValueOf(node) }] });
  // A value too long for a filter's text (a whole document in a string) can only be read here.
  const usable = condition.length <= CONDITION_TEXT_MAX_LENGTH;

  // The menu is fixed to the viewport, under the value (above it near the bottom), so the body's
  // scrolling box does not cut it; it follows the value while the page or the box scrolls.
  useLayoutEffect(() => {
    if (!open) return;
    const position = () => {
      const button = buttonRef.current;
      const menu = menuRef.current;
      if (!button || !menu) return;
      const anchor = button.getBoundingClientRect();
      const margin = 8;
      const left = Math.max(margin, Math.min(anchor.left, window.innerWidth - menu.offsetWidth - margin));
      const below = anchor.bottom + 4;
      const top = below + menu.offsetHeight > window.innerHeight - margin && anchor.top - menu.offsetHeight - 4 > margin ? anchor.top - menu.offsetHeight - 4 : below;
      menu.style.top = `${top}px`;
      menu.style.left = `${left}px`;
      menu.style.visibility = "visible";
    };
    position();
    window.addEventListener("scroll", position, true);
    window.addEventListener("resize", position);
    return () => {
      window.removeEventListener("scroll", position, true);
      window.removeEventListener("resize", position);
    };
  }, [open]);

  useEffect(() => {
    if (open) menuRef.current?.querySelector<HTMLElement>("[role=menuitem]")?.focus({ preventScroll: true });
  }, [open]);

  function close(refocus: boolean) {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  }

  function onMenuKey(event: KeyboardEvent<HTMLDivElement>) {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = items[(at + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length];
      next?.focus();
    } else if (event.key === "Tab") setOpen(false);
  }

  const filterHref = `/events?${new URLSearchParams({ source: links.sourceId, where: condition }).toString()}`;
  const ruleHref = `/sources/${encodeURIComponent(links.sourceId)}/rules/new?${new URLSearchParams({ where: condition, event: links.eventId }).toString()}`;
  const shortValue = node.text.length > 40 ? `${node.text.slice(0, 39)}…` : node.text;

  return (
    <span>
      <ScriptButton
        ref={buttonRef}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={`${node.field} = ${shortValue}: filter or make a rule`}
        onClick={() => setOpen((was) => !was)}
        className={`rounded-sm text-left underline decoration-slate-600 decoration-dotted underline-offset-2 hover:bg-slate-700 hover:decoration-slate-300 focus-visible:outline-2 focus-visible:outline-indigo-400 ${scalarClass(node.value)} ${open ? "bg-slate-700" : ""}`}
        data-field={node.field}
      >
        {node.text}
      </ScriptButton>
      {open ? (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={`Use ${node.field}`}
          onKeyDown={onMenuKey}
          onBlur={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget) && event.relatedTarget !== buttonRef.current) setOpen(false);
          }}
          style={HIDDEN_UNTIL_PLACED}
          className="fixed z-40 w-[min(24rem,calc(100vw-1rem))] rounded-md bg-white p-1 font-sans text-sm whitespace-normal text-slate-900 shadow-lg ring-1 ring-slate-200"
        >
          <p className="border-b border-slate-100 px-2 pt-1 pb-1.5 font-mono text-[11px] break-all text-slate-500">{condition}</p>
          {usable ? (
            <>
              <Link role="menuitem" href={filterHref} onClick={() => setOpen(false)} className="block rounded px-2 py-1.5 break-words hover:bg-indigo-50 focus:bg-indigo-50 focus:outline-none">
                Filter events where <span className="font-mono text-xs">{node.field}</span> = {shortValue}
              </Link>
              <Link role="menuitem" href={ruleHref} className="block rounded px-2 py-1.5 hover:bg-indigo-50 focus:bg-indigo-50 focus:outline-none">
                New rule with this condition
              </Link>
            </>
          ) : (
            <p className="px-2 py-1.5 text-xs text-slate-600">This value is too long to filter on; use “contains” with a part of it in the filter.</p>
          )}
        </div>
      ) : null}
    </span>
  );
}
