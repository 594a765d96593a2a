// Creates an inbox: a destination of kind inbox (rules forward to it like to any destination) with
// its signing secret, returned once here: agents verify each message's Standard Webhooks signature.
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { encryptSecret, maskSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { generateDestinationSecret } from "@/lib/destinations/create-destination";
import { getInbox } from "@/lib/inboxes/get-inbox";
import { InboxCreateInput, type InboxView } from "@/lib/inboxes/schema";

export async function createInbox({ input, actor }: { input: InboxCreateInput; actor: Actor }): Promise<{ inbox: InboxView; secret: string }> {
  const settings = InboxCreateInput.parse(input);
  const secret = generateDestinationSecret();
  const id = await db().$transaction(async (tx) => {
    const created = await tx.destination.create({
      data: {
        name: settings.name,
        kind: "inbox",
        url: "",
        inboxLeaseSeconds: settings.leaseSeconds,
        inboxMaxAttempts: settings.maxAttempts,
        orderingKey: settings.orderingKey ?? null,
        secrets: { create: { encrypted: encryptSecret(secret), hint: maskSecret(secret) } },
      },
      select: { id: true, name: true },
    });
    await recordAudit(tx, { actor, action: "destination.created", target: { type: "destination", id: created.id, name: created.name }, details: { kind: "inbox" } });
    return created.id;
  });
  const inbox = await getInbox({ id });
  if (!inbox) throw new Error(`inbox ${id} vanished after it was created`);
  return { inbox, secret };
}
