// POST /api/v1/sources/{id}/rules/backtest-chain – what the source's whole rule chain (optionally
// with a draft in place) would change over its stored events, per destination and tag.
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { backtestChain } from "@/lib/rules/backtest-chain";

export const POST = apiRoute("backtestChain", async ({ params, body }) => found(await backtestChain({ sourceId: params.id, input: body }), "source_not_found"));
