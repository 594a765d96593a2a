// The actions editor's working shape: each action carries a stable key (for React and
// reordering), and routing fields are rows (so a half-typed or duplicate key is not lost).
import type { Action } from "@/lib/rules/schema";

export type ActionDraft =
  | { key: string; type: "forward"; destinationIds: string[]; bodyMode: "original" | "template"; template: string }
  | { key: string; type: "addTags"; tags: string[] }
  | { key: string; type: "setRouting"; rows: Array<{ key: string; name: string; value: string }> }
  | { key: string; type: "stop" }
  | { key: string; type: "ignore" };

let counter = 0;
export function newKey(): string {
  counter += 1;
  return `a${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export const DEFAULT_TEMPLATE = `{
  "text": "{{ body.subject }}",
  "event": "{{ event.type }}"
}`;

export function blankAction(type: ActionDraft["type"]): ActionDraft {
  const key = newKey();
  switch (type) {
    case "forward":
      return { key, type, destinationIds: [], bodyMode: "original", template: DEFAULT_TEMPLATE };
    case "addTags":
      return { key, type, tags: [] };
    case "setRouting":
      return { key, type, rows: [{ key: newKey(), name: "", value: "" }] };
    case "stop":
      return { key, type };
    case "ignore":
      return { key, type };
  }
}

export function toDraft(action: Action): ActionDraft {
  const key = newKey();
  switch (action.type) {
    case "forward":
      return {
        key,
        type: "forward",
        destinationIds: action.destinationIds,
        bodyMode: action.body?.mode === "template" ? "template" : "original",
        template: action.body?.mode === "template" ? action.body.template : DEFAULT_TEMPLATE,
      };
    case "addTags":
      return { key, type: "addTags", tags: action.tags };
    case "setRouting":
      return { key, type: "setRouting", rows: Object.entries(action.fields).map(([name, value]) => ({ key: newKey(), name, value })) };
    case "stop":
      return { key, type: "stop" };
    case "ignore":
      return { key, type: "ignore" };
  }
}

export function fromDraft(draft: ActionDraft): Action {
  switch (draft.type) {
    case "forward":
      return { type: "forward", destinationIds: draft.destinationIds, body: draft.bodyMode === "template" ? { mode: "template", template: draft.template } : { mode: "original" } };
    case "addTags":
      return { type: "addTags", tags: draft.tags };
    case "setRouting":
      return { type: "setRouting", fields: Object.fromEntries(draft.rows.filter((row) => row.name.trim() !== "" || row.value !== "").map((row) => [row.name.trim(), row.value])) };
    case "stop":
      return { type: "stop" };
    case "ignore":
      return { type: "ignore" };
  }
}

export const ACTION_LABEL: Record<ActionDraft["type"], string> = {
  forward: "Forward to destinations",
  addTags: "Add tags",
  setRouting: "Set routing fields",
  stop: "Stop processing",
  ignore: "Ignore event",
};

export const ACTION_HELP: Record<ActionDraft["type"], string> = {
  forward: "Deliver the event to one or more destinations, as received or reshaped by a JSON template.",
  addTags: "Label the event. Later rules can test them with the field “tags”.",
  setRouting: "Set named values later rules and templates can read as routing.<key>. Values may use {{ body.x }} placeholders.",
  stop: "Later rules do not run for this event. Actions already chosen still happen.",
  ignore: "Mark the event ignored: nothing is delivered, not even by earlier rules, and later rules do not run.",
};
