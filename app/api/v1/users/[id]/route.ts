// GET, PATCH, DELETE /api/v1/users/{id} – one user: role, disabled, removal (admin).
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { getUser } from "@/lib/users/list-users";
import { removeUser } from "@/lib/users/remove-user";
import { updateUser } from "@/lib/users/update-user";

export const dynamic = "force-dynamic";

export const GET = apiRoute("getUser", async ({ params }) => found(await getUser({ id: params.id }), "user_not_found"));

export const PATCH = apiRoute("updateUser", async ({ params, body, actor }) => found(await updateUser({ id: params.id, input: body, actor }), "user_not_found"));

export const DELETE = apiRoute("deleteUser", async ({ params, actor }) => found(await removeUser({ id: params.id, actor }), "user_not_found"));
