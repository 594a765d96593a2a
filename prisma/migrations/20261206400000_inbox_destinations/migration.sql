-- CreateEnum
CREATE TYPE "DestinationKind" AS ENUM ('http', 'inbox');

-- CreateEnum
CREATE TYPE "InboxMessageState" AS ENUM ('queued', 'leased', 'acked', 'dead');

-- AlterTable
ALTER TABLE "destinations" ADD COLUMN     "inbox_lease_seconds" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "inbox_max_attempts" INTEGER NOT NULL DEFAULT 5,
ADD COLUMN     "kind" "DestinationKind" NOT NULL DEFAULT 'http';

-- CreateTable
CREATE TABLE "inbox_messages" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "seq" BIGSERIAL NOT NULL,
    "destination_id" UUID NOT NULL,
    "delivery_id" UUID NOT NULL,
    "state" "InboxMessageState" NOT NULL DEFAULT 'queued',
    "available_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leased_until" TIMESTAMPTZ(3),
    "lease_id" UUID,
    "lease_holder" UUID,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbox_tokens" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "destination_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "inbox_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "inbox_messages_seq_key" ON "inbox_messages"("seq");

-- CreateIndex
CREATE UNIQUE INDEX "inbox_messages_delivery_id_key" ON "inbox_messages"("delivery_id");

-- CreateIndex
CREATE INDEX "inbox_messages_destination_id_state_seq_idx" ON "inbox_messages"("destination_id", "state", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "inbox_tokens_token_hash_key" ON "inbox_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "inbox_tokens_destination_id_idx" ON "inbox_tokens"("destination_id");

-- AddForeignKey
ALTER TABLE "inbox_messages" ADD CONSTRAINT "inbox_messages_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "destinations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inbox_messages" ADD CONSTRAINT "inbox_messages_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inbox_tokens" ADD CONSTRAINT "inbox_tokens_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "destinations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Receiving looks only at messages still to be handed out, in seq order.
CREATE INDEX "inbox_messages_receivable_idx" ON "inbox_messages" ("destination_id", "seq") WHERE state IN ('queued', 'leased');

-- Waiting consumers (long-poll receives, streams) wake on 'switchyard_live' {kind: inbox, id: destination}
-- whenever messages of their inbox become receivable (inserted, nacked or retried) or are acked (a
-- stream with its prefetch full may take more). One notification
-- per inbox per statement (NOTIFY also folds equal payloads within a transaction).
CREATE FUNCTION switchyard_notify_inbox() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  inbox record;
BEGIN
  FOR inbox IN SELECT DISTINCT destination_id FROM changed WHERE state IN ('queued', 'acked') LOOP
    PERFORM pg_notify('switchyard_live', json_build_object('kind', 'inbox', 'id', inbox.destination_id)::text);
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER inbox_messages_live_inserted AFTER INSERT ON "inbox_messages" REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_notify_inbox();
CREATE TRIGGER inbox_messages_live_updated AFTER UPDATE ON "inbox_messages" REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_notify_inbox();
