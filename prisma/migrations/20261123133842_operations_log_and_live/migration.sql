-- CreateEnum
CREATE TYPE "BulkOperationKind" AS ENUM ('retry', 'replay');

-- CreateEnum
CREATE TYPE "BulkOperationStatus" AS ENUM ('running', 'completed', 'cancelled', 'failed');

-- AlterTable
ALTER TABLE "destinations" ADD COLUMN     "auto_pause_after" INTEGER DEFAULT 20,
ADD COLUMN     "consecutive_failures" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "bulk_operations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "kind" "BulkOperationKind" NOT NULL,
    "filter" JSONB NOT NULL,
    "status" "BulkOperationStatus" NOT NULL DEFAULT 'running',
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "cursor" TEXT,
    "cancel_requested" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "bulk_operations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "actor_label" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT,
    "target_name" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "bulk_operations_created_at_idx" ON "bulk_operations"("created_at" DESC);

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at" DESC);

-- CreateIndex
CREATE INDEX "deliveries_created_at_id_idx" ON "deliveries"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "deliveries_status_created_at_id_idx" ON "deliveries"("status", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "delivery_attempts_started_at_idx" ON "delivery_attempts"("started_at" DESC);

-- CreateIndex
CREATE INDEX "events_payload_idx" ON "events" USING GIN ("payload" jsonb_path_ops);

-- CreateIndex
CREATE INDEX "events_routing_idx" ON "events" USING GIN ("routing" jsonb_path_ops);

-- CreateIndex
CREATE INDEX "events_tags_idx" ON "events" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "events_status_received_at_id_idx" ON "events"("status", "received_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "events_event_type_received_at_id_idx" ON "events"("event_type", "received_at" DESC, "id" DESC);

-- Live views (lib/live): every change a list or detail page shows is announced on one channel,
-- whoever wrote it (receiver, worker, operator). Payloads are ids and statuses only, far below
-- the 8000-byte NOTIFY limit. PostgreSQL delivers them after commit, so a listener never sees a
-- change that rolled back.
CREATE FUNCTION switchyard_notify_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('switchyard_live', json_build_object(
    'kind', 'event', 'id', NEW.id, 'sourceId', NEW.source_id, 'status', NEW.status)::text);
  RETURN NULL;
END $$;

CREATE TRIGGER events_live AFTER INSERT OR UPDATE OF status, duplicate_count, tags, routing ON "events"
  FOR EACH ROW EXECUTE FUNCTION switchyard_notify_event();

CREATE FUNCTION switchyard_notify_delivery() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('switchyard_live', json_build_object(
    'kind', 'delivery', 'id', NEW.id, 'eventId', NEW.event_id, 'destinationId', NEW.destination_id,
    'status', NEW.status)::text);
  RETURN NULL;
END $$;

CREATE TRIGGER deliveries_live AFTER INSERT OR UPDATE ON "deliveries"
  FOR EACH ROW EXECUTE FUNCTION switchyard_notify_delivery();

CREATE FUNCTION switchyard_notify_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('switchyard_live', json_build_object('kind', TG_ARGV[0], 'id', NEW.id)::text);
  RETURN NULL;
END $$;

CREATE TRIGGER bulk_operations_live AFTER INSERT OR UPDATE ON "bulk_operations"
  FOR EACH ROW EXECUTE FUNCTION switchyard_notify_row('bulk_operation');

CREATE TRIGGER destinations_live AFTER UPDATE OF state, consecutive_failures ON "destinations"
  FOR EACH ROW EXECUTE FUNCTION switchyard_notify_row('destination');
