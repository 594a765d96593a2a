// GET, PATCH, DELETE /api/v1/sources/{id} – one source. PATCH changes only the fields sent.
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { deleteSource } from "@/lib/sources/delete-source";
import { getSource } from "@/lib/sources/get-source";
import { updateSource } from "@/lib/sources/update-source";

export const dynamic = "force-dynamic";

export const GET = apiRoute("getSource", async ({ params }) => found(await getSource({ id: params.id }), "source_not_found"));

export const PATCH = apiRoute("updateSource", async ({ params, body, actor }) => found(await updateSource({ id: params.id, input: body, actor }), "source_not_found"));

export const DELETE = apiRoute("deleteSource", async ({ params: { id }, actor }) => {
  const { deleted, deletedEvents } = await deleteSource({ id, actor });
  return found(deleted ? { id, deletedEvents } : null, "source_not_found");
});
