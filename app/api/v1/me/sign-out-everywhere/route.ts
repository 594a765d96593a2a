// POST /api/v1/me/sign-out-everywhere – end every browser session of the caller.
import { apiRoute } from "@/lib/api/api-route";
import { signOutEverywhere } from "@/lib/users/sign-out-everywhere";

export const dynamic = "force-dynamic";

export const POST = apiRoute("signOutEverywhere", async ({ caller, actor }) => {
  await signOutEverywhere({ userId: caller.id, actor });
  return { signedOut: true };
});
