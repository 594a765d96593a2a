// POST /api/v1/sources/{id}/rules/test – runs a draft rule on one of the source's stored events or
// on pasted JSON, condition by condition.
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { testRule } from "@/lib/rules/test-rule";

// testRule answers null for an unknown source and for a sample event the source does not have.
export const POST = apiRoute("testRule", async ({ params, body }) =>
  found(await testRule({ sourceId: params.id, input: body }), "source_not_found", { message: "No source has this id, or it has no event with sample.eventId." }),
);
