-- Recovery-first retries (issue 12): bulk retries remember which deliveries they requeued, so they
-- report how those ended; destinations keep their latest test deliveries.

-- CreateTable
CREATE TABLE "destination_test_deliveries" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "destination_id" UUID NOT NULL,
    "webhook_id" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "request_url" TEXT NOT NULL,
    "request_headers" JSONB NOT NULL,
    "request_body" TEXT NOT NULL,
    "response_status" INTEGER,
    "response_headers" JSONB,
    "response_body" TEXT,
    "error_class" TEXT,
    "error_message" TEXT,
    "actor_label" TEXT NOT NULL,

    CONSTRAINT "destination_test_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bulk_operation_items" (
    "operation_id" UUID NOT NULL,
    "delivery_id" UUID NOT NULL,
    "attempts_before" INTEGER NOT NULL,

    CONSTRAINT "bulk_operation_items_pkey" PRIMARY KEY ("operation_id","delivery_id")
);

-- CreateIndex
CREATE INDEX "destination_test_deliveries_destination_id_started_at_idx" ON "destination_test_deliveries"("destination_id", "started_at" DESC);

-- CreateIndex
CREATE INDEX "bulk_operation_items_delivery_id_idx" ON "bulk_operation_items"("delivery_id");

-- AddForeignKey
ALTER TABLE "destination_test_deliveries" ADD CONSTRAINT "destination_test_deliveries_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "destinations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bulk_operation_items" ADD CONSTRAINT "bulk_operation_items_operation_id_fkey" FOREIGN KEY ("operation_id") REFERENCES "bulk_operations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bulk_operation_items" ADD CONSTRAINT "bulk_operation_items_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;
