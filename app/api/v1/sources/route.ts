// GET /api/v1/sources – every source with its recent traffic. POST – create one; a generated or
// given signing secret is returned this once.
import { apiRoute } from "@/lib/api/api-route";
import { toSourceListItem } from "@/lib/api/to-source-list-item";
import { createSource } from "@/lib/sources/create-source";
import { listSources } from "@/lib/sources/list-sources";

export const dynamic = "force-dynamic";

export const GET = apiRoute("listSources", async () => ({ data: (await listSources()).map(toSourceListItem) }));

export const POST = apiRoute("createSource", async ({ body, actor }) => {
  const { source, secret } = await createSource({ input: body, actor });
  return { data: source, secret };
});
