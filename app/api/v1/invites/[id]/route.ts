// DELETE /api/v1/invites/{id} – withdraw an invitation (admin).
import { found } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { revokeInvite } from "@/lib/users/revoke-invite";

export const dynamic = "force-dynamic";

export const DELETE = apiRoute("revokeInvite", async ({ params, actor }) => found(await revokeInvite({ id: params.id, actor }), "invite_not_found"));
