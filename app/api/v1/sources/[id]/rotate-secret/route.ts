// POST /api/v1/sources/{id}/rotate-secret – a new signing secret (returned this once); the current
// ones keep verifying for the overlap. The body is optional. A source whose scheme verifies nothing
// has no secret to rotate (SourceSettingsError: invalid_request).
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { rotateSourceSecret } from "@/lib/sources/rotate-source-secret";

export const POST = apiRoute("rotateSourceSecret", async ({ params, body, actor }) =>
  found(await rotateSourceSecret({ id: params.id, input: body, actor }), "source_not_found"),
);
