// The codec of a rule's Json columns, conditions and actions, in both the rules and the
// rule_versions tables: written from values the engine's schemas (./schema.ts) validated, read
// back through the same schemas. A row that no longer parses throws StoredJsonError naming the
// rule and version (lib/db-json.ts).
import { z } from "zod";
import { readStoredJson, toInputJson } from "@/lib/db-json";
import type { Prisma } from "@/lib/generated/prisma/client";
import { actionSchema, conditionGroupSchema, type Action, type ConditionGroup } from "@/lib/rules/schema";

/** Which stored rule content is read: the rule itself or one of its saved versions. */
export interface StoredRuleRef {
  table: "rules" | "rule_versions";
  ruleId: string;
  version: number;
}

const ACTIONS = z.array(actionSchema);

const where = (column: string, { table, ruleId, version }: StoredRuleRef) => `${table}.${column} of rule ${ruleId} (version ${version})`;

export function readRuleConditions(json: unknown, at: StoredRuleRef): ConditionGroup {
  return readStoredJson(conditionGroupSchema, json, where("conditions", at));
}

export function readRuleActions(json: unknown, at: StoredRuleRef): Action[] {
  return readStoredJson(ACTIONS, json, where("actions", at));
}

export function writeRuleConditions(conditions: ConditionGroup): Prisma.InputJsonValue {
  return toInputJson(conditions);
}

export function writeRuleActions(actions: Action[]): Prisma.InputJsonValue {
  return toInputJson(actions);
}

/** A rules or rule_versions row's content, its Json columns parsed. */
export function readRuleContent<R extends { conditions: unknown; actions: unknown }>(
  row: R,
  at: StoredRuleRef,
): Omit<R, "conditions" | "actions"> & { conditions: ConditionGroup; actions: Action[] } {
  return { ...row, conditions: readRuleConditions(row.conditions, at), actions: readRuleActions(row.actions, at) };
}
