// POST /api/v1/sources/{id}/rotate-secret – a new signing secret (returned this once); the current
// ones keep verifying for the overlap. The body is optional.
import { apiError } from "@/lib/api/errors";
import { actorOf } from "@/lib/audit/actor";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { jsonData } from "@/lib/http/json-data";
import { invalidRequest, parseJsonBody } from "@/lib/api/parse-json-body";
import { RotateSecretInput } from "@/lib/sources/schema";
import { rotateSourceSecret } from "@/lib/sources/rotate-source-secret";
import { SourceSettingsError } from "@/lib/sources/update-source";

type Context = { params: Promise<{ id: string }> };

export async function POST(request: Request, { params }: Context) {
  const caller = await authenticateApiRequest(request);
  if (!caller) return apiError("unauthorized");
  const body = await parseJsonBody({ request, schema: RotateSecretInput, optional: true });
  if (!body.ok) return body.response;
  try {
    const rotated = await rotateSourceSecret({ id: (await params).id, input: body.data, actor: actorOf(caller) });
    return rotated ? jsonData(200, { data: rotated }) : apiError("source_not_found");
  } catch (error) {
    // A source whose scheme verifies nothing has no secret to rotate.
    if (error instanceof SourceSettingsError) return invalidRequest([{ path: [error.field], message: error.message }]);
    throw error;
  }
}
