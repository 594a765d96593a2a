// GET /api/v1/users – everyone with an account (admin).
import { apiRoute } from "@/lib/api/api-route";
import { listUsers } from "@/lib/users/list-users";

export const dynamic = "force-dynamic";

export const GET = apiRoute("listUsers", async () => ({ data: await listUsers() }));
