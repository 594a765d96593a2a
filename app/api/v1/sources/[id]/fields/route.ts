// GET /api/v1/sources/{id}/fields – the fields seen in the source's recent events, with types and
// sample values: what rule conditions can test.
import { apiError } from "@/lib/api/errors";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { jsonData } from "@/lib/http/json-data";
import { listSourceFields } from "@/lib/rules/list-source-fields";

type Context = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: Context) {
  if (!(await authenticateApiRequest(request))) return apiError("unauthorized");
  const fields = await listSourceFields({ sourceId: (await params).id });
  return fields ? jsonData(200, { data: fields }) : apiError("source_not_found");
}
