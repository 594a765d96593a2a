-- CreateEnum
CREATE TYPE "CircuitState" AS ENUM ('closed', 'open');

-- AlterTable
ALTER TABLE "delivery_attempts" ADD COLUMN     "probe" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "destinations" DROP COLUMN "auto_pause_after",
ADD COLUMN     "circuit_next_probe_at" TIMESTAMPTZ(3),
ADD COLUMN     "circuit_opened_at" TIMESTAMPTZ(3),
ADD COLUMN     "circuit_probes_failed" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "circuit_state" "CircuitState" NOT NULL DEFAULT 'closed',
ADD COLUMN     "failing_since" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "destination_circuit_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "destination_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "from_state" "CircuitState" NOT NULL,
    "to_state" "CircuitState" NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "destination_circuit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "destination_circuit_events_destination_id_at_idx" ON "destination_circuit_events"("destination_id", "at" DESC);

-- CreateIndex
CREATE INDEX "destination_circuit_events_at_idx" ON "destination_circuit_events"("at");

-- AddForeignKey
ALTER TABLE "destination_circuit_events" ADD CONSTRAINT "destination_circuit_events_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "destinations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Data: the circuit breaker replaces the automatic pause (and its per-destination threshold).
-- A failing streak already under way starts its clock now: when it began was not recorded.
UPDATE "destinations" SET "failing_since" = now() WHERE "consecutive_failures" > 0;

-- Destinations the old automatic pause stopped ("Paused automatically after N consecutive failed
-- attempts (last: …)", lib/destinations/pause-cause.ts before this change) are active again with an
-- open circuit whose probe is due now: the worker's circuit sweep sends their first probe
-- (lib/delivery/sweep-circuits.ts), and a success closes the circuit and drains what waited.
-- Operators' pauses and 410 Gone pauses stay as they are.
WITH auto_paused AS (
  SELECT "id", "paused_reason", coalesce("paused_at", now()) AS "since"
  FROM "destinations"
  WHERE "state" = 'paused' AND "paused_reason" ~ '^Paused automatically after \d+ consecutive failed attempts? \(last: '
), converted AS (
  UPDATE "destinations" d
  SET "state" = 'active', "paused_reason" = NULL, "paused_at" = NULL,
      "circuit_state" = 'open', "circuit_opened_at" = a."since", "circuit_next_probe_at" = now(),
      "circuit_probes_failed" = 0, "failing_since" = a."since", "updated_at" = now()
  FROM auto_paused a
  WHERE d."id" = a."id"
  RETURNING d."id"
)
INSERT INTO "destination_circuit_events" ("destination_id", "at", "from_state", "to_state", "reason")
SELECT a."id", a."since", 'closed', 'open', 'converted from the automatic pause: ' || a."paused_reason"
FROM auto_paused a JOIN converted c ON c."id" = a."id";

-- Live views: the destination pages also follow the circuit (its state and next probe).
DROP TRIGGER "destinations_live" ON "destinations";
CREATE TRIGGER "destinations_live" AFTER UPDATE OF state, consecutive_failures, circuit_state, circuit_next_probe_at ON "destinations"
  FOR EACH ROW EXECUTE FUNCTION switchyard_notify_row('destination');
