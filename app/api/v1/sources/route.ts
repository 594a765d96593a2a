// GET /api/v1/sources – every source with its recent traffic. POST – create one; a generated or
// given signing secret is returned this once.
import { apiError } from "@/lib/api/errors";
import { toSourceListItem } from "@/lib/api/to-source-list-item";
import { actorOf } from "@/lib/audit/actor";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { jsonData } from "@/lib/http/json-data";
import { parseJsonBody } from "@/lib/api/parse-json-body";
import { createSource } from "@/lib/sources/create-source";
import { listSources } from "@/lib/sources/list-sources";
import { SourceCreateInput } from "@/lib/sources/schema";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  if (!(await authenticateApiRequest(request))) return apiError("unauthorized");
  const sources = await listSources();
  return jsonData(200, { data: sources.map(toSourceListItem) });
}

export async function POST(request: Request) {
  const caller = await authenticateApiRequest(request);
  if (!caller) return apiError("unauthorized");
  const body = await parseJsonBody({ request, schema: SourceCreateInput });
  if (!body.ok) return body.response;
  const { source, secret } = await createSource({ input: body.data, actor: actorOf(caller) });
  return jsonData(201, { data: source, secret });
}
