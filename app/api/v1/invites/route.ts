// GET /api/v1/invites – invitations not yet accepted. POST – invite someone; the link is answered once (admin).
import { apiRoute } from "@/lib/api/api-route";
import { inviteUser } from "@/lib/users/invite-user";
import { listInvites } from "@/lib/users/list-users";

export const dynamic = "force-dynamic";

export const GET = apiRoute("listInvites", async () => ({ data: await listInvites() }));

export const POST = apiRoute("createInvite", async ({ body, actor }) => ({ data: await inviteUser({ input: body, actor }) }));
