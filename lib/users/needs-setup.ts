// True while no user exists: the first visitor is sent to the set-up page.
import { db } from "@/lib/db";

export async function needsSetup(): Promise<boolean> {
  return (await db().user.findFirst({ select: { id: true } })) === null;
}
