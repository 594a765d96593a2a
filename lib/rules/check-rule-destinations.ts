// A rule may only forward to destinations that exist: checked when it is saved, so the builder
// says so instead of the worker finding out later.
import { isUuid } from "@/lib/ids";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Action } from "@/lib/rules/schema";

export class RuleValidationError extends Error {
  constructor(
    public readonly path: Array<string | number>,
    message: string,
  ) {
    super(message);
    this.name = "RuleValidationError";
  }
}

export async function checkRuleDestinations(tx: Prisma.TransactionClient, actions: Action[]): Promise<void> {
  const wanted = new Set(actions.flatMap((action) => (action.type === "forward" ? action.destinationIds : [])));
  if (wanted.size === 0) return;
  const uuids = [...wanted].filter((id) => isUuid(id));
  const found = new Set((await tx.destination.findMany({ where: { id: { in: uuids } }, select: { id: true } })).map((row) => row.id));
  actions.forEach((action, index) => {
    if (action.type !== "forward") return;
    const missing = action.destinationIds.filter((id) => !found.has(id));
    if (missing.length > 0) throw new RuleValidationError(["actions", index, "destinationIds"], `Unknown destination: ${missing.join(", ")}`);
  });
}
