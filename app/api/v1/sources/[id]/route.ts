// GET, PATCH, DELETE /api/v1/sources/{id} – one source. PATCH changes only the fields sent.
import { apiError } from "@/lib/api/errors";
import { actorOf } from "@/lib/audit/actor";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { jsonData } from "@/lib/http/json-data";
import { invalidRequest, parseJsonBody } from "@/lib/api/parse-json-body";
import { deleteSource } from "@/lib/sources/delete-source";
import { getSource } from "@/lib/sources/get-source";
import { SourceUpdateInput } from "@/lib/sources/schema";
import { SourceSettingsError, updateSource } from "@/lib/sources/update-source";

type Context = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: Context) {
  if (!(await authenticateApiRequest(request))) return apiError("unauthorized");
  const source = await getSource({ id: (await params).id });
  return source ? jsonData(200, { data: source }) : apiError("source_not_found");
}

export async function PATCH(request: Request, { params }: Context) {
  const caller = await authenticateApiRequest(request);
  if (!caller) return apiError("unauthorized");
  const body = await parseJsonBody({ request, schema: SourceUpdateInput });
  if (!body.ok) return body.response;
  try {
    const source = await updateSource({ id: (await params).id, input: body.data, actor: actorOf(caller) });
    return source ? jsonData(200, { data: source }) : apiError("source_not_found");
  } catch (error) {
    // Checks that need the stored source (e.g. options for its current scheme).
    if (error instanceof SourceSettingsError) return invalidRequest([{ path: [error.field], message: error.message }]);
    throw error;
  }
}

export async function DELETE(request: Request, { params }: Context) {
  const caller = await authenticateApiRequest(request);
  if (!caller) return apiError("unauthorized");
  const { id } = await params;
  const { deleted, deletedEvents } = await deleteSource({ id, actor: actorOf(caller) });
  return deleted ? jsonData(200, { data: { id, deletedEvents } }) : apiError("source_not_found");
}
