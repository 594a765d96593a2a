// POST /api/v1/setup – the first-run set-up: creates the first admin, given the set-up code printed
// in the start log. Public (see proxy.ts) while no user exists; a malformed body is a 400 like any
// other API request's (apiRoute), never a 500.
import { fail } from "@/lib/api/api-failure";
import { apiRoute } from "@/lib/api/api-route";
import { createFirstAdmin, SetupAlreadyDoneError, SetupCodeInvalidError } from "@/lib/users/create-first-admin";

export const POST = apiRoute("setUpFirstAdmin", async ({ body }) => {
  try {
    return { data: await createFirstAdmin(body) };
  } catch (error) {
    if (error instanceof SetupCodeInvalidError) return fail("setup_code_invalid");
    if (error instanceof SetupAlreadyDoneError) return fail("setup_already_done");
    throw error;
  }
});
