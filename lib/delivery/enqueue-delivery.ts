// Enqueues `deliver` jobs. Call it inside the transaction that creates or changes the deliveries,
// so the rows and their jobs commit together (a delivery is never left without a job).
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "pg-boss";
import { inTransaction, jobs, sendJob, sender } from "@/lib/queue";

const BATCH = 500;

export async function enqueueDelivery({ deliveryId, tx, startAfter }: { deliveryId: string; tx: Prisma.TransactionClient; startAfter?: Date }): Promise<void> {
  await sendJob({ name: "deliver", payload: { deliveryId }, db: inTransaction(tx), ...(startAfter ? { startAfter } : {}) });
}

/** Many at once (resuming a paused destination, bulk retries). Returns how many were enqueued. */
export async function enqueueDeliveries({
  deliveries,
  tx,
}: {
  deliveries: ReadonlyArray<{ id: string; startAfter?: Date | null }>;
  /** A Prisma transaction, or (hot paths) pg-boss's view of a plain pg transaction. */
  tx: Prisma.TransactionClient | Db;
}): Promise<number> {
  if (deliveries.length === 0) return 0;
  const boss = await sender();
  const db = "executeSql" in tx ? tx : inTransaction(tx);
  for (let start = 0; start < deliveries.length; start += BATCH) {
    const batch = deliveries.slice(start, start + BATCH).map((delivery) => ({
      data: jobs.deliver.payload.parse({ deliveryId: delivery.id }),
      ...(delivery.startAfter ? { startAfter: delivery.startAfter } : {}),
    }));
    await boss.insert("deliver", batch, { db });
  }
  return deliveries.length;
}
