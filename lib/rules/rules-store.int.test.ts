import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { StoredJsonError } from "@/lib/db-json";
import { RuleValidationError } from "@/lib/rules/check-rule-destinations";
import { createRule } from "@/lib/rules/create-rule";
import { deleteRule } from "@/lib/rules/delete-rule";
import { listRuleVersions } from "@/lib/rules/list-rule-versions";
import { listRules } from "@/lib/rules/list-rules";
import { reorderRules } from "@/lib/rules/reorder-rules";
import { rollbackRule } from "@/lib/rules/rollback-rule";
import type { RuleInput } from "@/lib/rules/rule-input";
import { updateRule } from "@/lib/rules/update-rule";
import { createTestSource, TEST_ACTOR } from "@/lib/testing/factories";

afterAll(() => disconnectDb());

const urgent: RuleInput = {
  name: "Urgent fires",
  enabled: true,
  conditions: {
    combinator: "and",
    rules: [
      { field: "body.priority", operator: "=", value: "high" },
      { field: "body.subject", operator: "contains", value: "fire" },
    ],
  },
  actions: [{ type: "addTags", tags: ["urgent"] }],
};

describe("rules store", () => {
  it("versions every change, skips no-op saves, shows readable diffs and rolls back as a new version", async () => {
    const source = await createTestSource();
    const created = await createRule({ sourceId: source.id, input: urgent, actor: TEST_ACTOR });
    expect(created).toMatchObject({ version: 1, position: 0, name: "Urgent fires" });

    const edited = await updateRule({
      ruleId: created!.id,
      actor: TEST_ACTOR,
      input: { ...urgent, conditions: { combinator: "and", rules: [{ field: "body.priority", operator: "in", value: ["high", "urgent"] }] } },
    });
    expect(edited?.version).toBe(2);
    expect((await updateRule({ ruleId: created!.id, actor: TEST_ACTOR, input: { name: edited!.name, conditions: edited!.conditions, actions: edited!.actions, enabled: true } }))?.version).toBe(2);

    const history = await listRuleVersions({ ruleId: created!.id });
    expect(history.map((version) => version.version)).toEqual([2, 1]);
    expect(history[0]!.changes).toEqual([
      { kind: "removed", what: 'condition: body.priority = "high"' },
      { kind: "removed", what: 'condition: body.subject contains "fire"' },
      { kind: "added", what: 'condition: body.priority in ["high","urgent"]' },
    ]);

    const restored = await rollbackRule({ ruleId: created!.id, version: 1, actor: TEST_ACTOR });
    expect(restored).toMatchObject({ version: 3, conditions: urgent.conditions });
    expect(await db().ruleVersion.count({ where: { ruleId: created!.id } })).toBe(3);
  });

  it("keeps order, reorders, and refuses an order that is not exactly the source's rules", async () => {
    const source = await createTestSource();
    const a = await createRule({ sourceId: source.id, input: { ...urgent, name: "A" }, actor: TEST_ACTOR });
    const b = await createRule({ sourceId: source.id, input: { ...urgent, name: "B" }, actor: TEST_ACTOR });
    const c = await createRule({ sourceId: source.id, input: { ...urgent, name: "C" }, actor: TEST_ACTOR });
    expect((await listRules({ sourceId: source.id }))!.map((rule) => rule.name)).toEqual(["A", "B", "C"]);

    await reorderRules({ sourceId: source.id, ruleIds: [c!.id, a!.id, b!.id], actor: TEST_ACTOR });
    expect((await listRules({ sourceId: source.id }))!.map((rule) => rule.name)).toEqual(["C", "A", "B"]);
    await expect(reorderRules({ sourceId: source.id, ruleIds: [c!.id, a!.id], actor: TEST_ACTOR })).rejects.toBeInstanceOf(RuleValidationError);

    expect(await deleteRule({ ruleId: a!.id, actor: TEST_ACTOR })).toBe(true);
    expect((await listRules({ sourceId: source.id }))!.map((rule) => rule.name)).toEqual(["C", "B"]);
  });

  it("refuses to forward to a destination that does not exist, and invalid rules", async () => {
    const source = await createTestSource();
    await expect(
      createRule({
        sourceId: source.id,
        actor: TEST_ACTOR,
        input: { ...urgent, actions: [{ type: "forward", destinationIds: ["00000000-0000-4000-8000-000000000000"] }] },
      }),
    ).rejects.toThrow(/Unknown destination/);
    await expect(createRule({ sourceId: source.id, actor: TEST_ACTOR, input: { ...urgent, actions: [] } })).rejects.toThrow(/at least one action/);
    expect(await createRule({ sourceId: "00000000-0000-4000-8000-000000000000", actor: TEST_ACTOR, input: urgent })).toBeNull();
  });

  it("fails loudly on a stored rule or version edited by hand into something the engine refuses", async () => {
    const source = await createTestSource();
    const rule = (await createRule({ sourceId: source.id, input: urgent, actor: TEST_ACTOR }))!;
    await updateRule({ ruleId: rule.id, actor: TEST_ACTOR, input: { ...urgent, name: "Renamed" } });
    await db().ruleVersion.update({ where: { ruleId_version: { ruleId: rule.id, version: 1 } }, data: { actions: [{ type: "teleport" }] } });
    await expect(listRuleVersions({ ruleId: rule.id })).rejects.toThrow(`rule_versions.actions of rule ${rule.id} (version 1) does not parse`);
    await expect(rollbackRule({ ruleId: rule.id, version: 1, actor: TEST_ACTOR })).rejects.toThrow(StoredJsonError);
    await db().rule.update({ where: { id: rule.id }, data: { conditions: { combinator: "xor", rules: [] } } });
    await expect(listRules({ sourceId: source.id })).rejects.toThrow(`rules.conditions of rule ${rule.id} (version 2) does not parse at combinator`);
  });
});
