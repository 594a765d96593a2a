// GET, PATCH, DELETE /api/v1/rules/{id} – one routing rule. PATCH takes the whole rule and saves a
// new version when anything changed.
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { deleteRule } from "@/lib/rules/delete-rule";
import { getRule } from "@/lib/rules/get-rule";
import { updateRule } from "@/lib/rules/update-rule";

export const dynamic = "force-dynamic";

export const GET = apiRoute("getRule", async ({ params }) => found(await getRule({ ruleId: params.id }), "rule_not_found"));

export const PATCH = apiRoute("updateRule", async ({ params, body, actor }) => found(await updateRule({ ruleId: params.id, input: body, actor }), "rule_not_found"));

export const DELETE = apiRoute("deleteRule", async ({ params: { id }, actor }) => found((await deleteRule({ ruleId: id, actor })) ? { id } : null, "rule_not_found"));
