// Keys a rule's conditions do not have, found so that input with them is refused
// (naming the key and where) instead of being silently dropped by the schemas' parse. The known
// keys are the shapes of the documented schemas (./rule-view.ts), so they cannot drift. Only what
// clients send is checked (the condition tree's schema strips through transforms); stored rules are
// read as they are. Actions are strict objects in their schema (./schema.ts).
import { RuleConditionGroup, RuleCondition } from "@/lib/rules/rule-view";

type Path = Array<string | number>;
export interface UnknownKey {
  path: Path;
  message: string;
}

const CONDITION_KEYS = Object.keys(RuleCondition.shape);
const GROUP_KEYS = Object.keys(RuleConditionGroup.shape);


function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function unknownIn(value: Record<string, unknown>, known: readonly string[], path: Path, what: string): UnknownKey[] {
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => ({ path: [...path, key], message: `Unknown key "${key}" in ${what}: it takes ${known.join(", ")}` }));
}

/** Unknown keys in a condition tree (iterative: a deep tree is the limits' business, not the stack's). */
export function unknownConditionKeys(root: unknown, at: Path = []): UnknownKey[] {
  const found: UnknownKey[] = [];
  const stack: Array<{ node: unknown; path: Path }> = [{ node: root, path: at }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (!isObject(node)) continue;
    if ("rules" in node) {
      found.push(...unknownIn(node, GROUP_KEYS, path, "a condition group"));
      if (Array.isArray(node.rules)) node.rules.forEach((child, index) => stack.push({ node: child, path: [...path, "rules", index] }));
    } else found.push(...unknownIn(node, CONDITION_KEYS, path, "a condition"));
  }
  return found;
}
