// A saved rule as the API answers it and the builder shows it, defined once: the zod schema the
// OpenAPI document describes, and its inferred type. The engine's condition schema
// (./schema.ts) validates through transforms, which JSON Schema cannot express; RuleConditionGroup
// describes the same tree as it is answered. The recursive shapes carry an id: the document lists
// them as components of their own.
import { z } from "zod";
import { OPERATORS } from "@/lib/rules/operators";
import { actionSchema } from "@/lib/rules/schema";

export const RuleCondition = z
  .object({
    id: z.string().optional(),
    field: z.string().describe('e.g. "body.ticket.priority", "headers.x-team", "event.type".'),
    operator: z.enum(OPERATORS),
    value: z.unknown().optional().describe("The operand; its shape depends on the operator (none for exists/missing, a list for in)."),
    valueSource: z.literal("value").optional(),
    disabled: z.boolean().optional(),
  })
  .describe("A condition on one field of the event.");

export const RuleConditionGroup = z
  .object({
    id: z.string().optional(),
    combinator: z.enum(["and", "or"]),
    not: z.boolean().optional(),
    disabled: z.boolean().optional(),
    get rules(): z.ZodArray<z.ZodUnion<[typeof RuleCondition, typeof RuleConditionGroup]>> {
      return z.array(z.union([RuleCondition, RuleConditionGroup]));
    },
  })
  .meta({ id: "RuleConditionGroup", description: "A group of conditions (and nested groups): all of them (and) or any (or), negated when `not`." });

export const RuleView = z
  .object({
    id: z.uuid(),
    sourceId: z.uuid(),
    position: z.number().int().describe("Evaluation order within the source, from 0."),
    name: z.string(),
    enabled: z.boolean(),
    version: z.number().int().describe("Incremented by every saved change (and rollback)."),
    conditions: RuleConditionGroup,
    actions: z.array(actionSchema),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .describe("A routing rule of a source.");
export type RuleView = z.infer<typeof RuleView>;
