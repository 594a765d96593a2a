-- AlterTable
ALTER TABLE "deliveries" ADD COLUMN     "ordering_at" TIMESTAMPTZ(3),
ADD COLUMN     "ordering_key" TEXT;

-- AlterTable
ALTER TABLE "destinations" ADD COLUMN     "ordering_key" TEXT;

-- Per-key ordering (lib/ordering): a delivery may be attempted, or its inbox message leased, only
-- when no earlier delivery of its (destination, key) in receive order is still open (pending,
-- retrying, or failed: a failed one blocks its key until retried or skipped). This index answers
-- "the earliest open delivery of this key" with one index probe, and holds only open ordered rows.
CREATE INDEX "deliveries_ordering_open_idx" ON "deliveries" ("destination_id", "ordering_key", "ordering_at", "event_id", "id")
  WHERE ordering_key IS NOT NULL AND status IN ('pending', 'retrying', 'failed');
