// POST /api/v1/sources/{id}/rules/backtest – how conditions would have matched the source's recent
// stored events, optionally compared with a saved rule.
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { backtestRule } from "@/lib/rules/backtest";

export const POST = apiRoute("backtestRule", async ({ params, body }) => found(await backtestRule({ sourceId: params.id, input: body }), "source_not_found"));
