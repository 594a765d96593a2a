-- CreateEnum
CREATE TYPE "NotificationChannelKind" AS ENUM ('slack', 'webhook', 'email');

-- CreateEnum
CREATE TYPE "AlertRuleKind" AS ENUM ('circuit_open', 'failure_rate', 'deliveries_failed', 'queue_backlog', 'rejections_spike', 'source_silent');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('firing', 'resolved');

-- CreateEnum
CREATE TYPE "AlertNotificationKind" AS ENUM ('firing', 'repeat', 'resolved');

-- CreateEnum
CREATE TYPE "AlertNotificationStatus" AS ENUM ('pending', 'sent', 'failed');

-- CreateTable
CREATE TABLE "notification_channels" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "kind" "NotificationChannelKind" NOT NULL,
    "sealed_config" TEXT,
    "hint" TEXT NOT NULL,
    "recipients" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "allow_private_network" BOOLEAN NOT NULL DEFAULT false,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notification_channels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "kind" "AlertRuleKind" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "params" JSONB NOT NULL DEFAULT '{}',
    "repeat_minutes" INTEGER NOT NULL DEFAULT 60,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "rule_id" UUID NOT NULL,
    "subject_key" TEXT NOT NULL,
    "subject_name" TEXT NOT NULL,
    "firing_key" TEXT,
    "status" "AlertStatus" NOT NULL DEFAULT 'firing',
    "summary" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_notified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_notifications" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "alert_id" UUID NOT NULL,
    "channel_id" UUID NOT NULL,
    "kind" "AlertNotificationKind" NOT NULL,
    "status" "AlertNotificationStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "alert_notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metric_snapshots" (
    "instance" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "metrics" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "metric_snapshots_pkey" PRIMARY KEY ("instance")
);

-- CreateIndex
CREATE UNIQUE INDEX "alert_rules_kind_key" ON "alert_rules"("kind");

-- CreateIndex
CREATE INDEX "alerts_started_at_idx" ON "alerts"("started_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "alerts_rule_id_firing_key_key" ON "alerts"("rule_id", "firing_key");

-- CreateIndex
CREATE INDEX "alert_notifications_alert_id_idx" ON "alert_notifications"("alert_id");

-- CreateIndex
CREATE INDEX "alert_notifications_channel_id_idx" ON "alert_notifications"("channel_id");

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_notifications" ADD CONSTRAINT "alert_notifications_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_notifications" ADD CONSTRAINT "alert_notifications_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "notification_channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One rule per kind, enabled, with the defaults of lib/alerts/rule-kinds.ts (empty params take them).
INSERT INTO "alert_rules" ("kind", "repeat_minutes", "updated_at") VALUES
  ('circuit_open', 60, now()),
  ('failure_rate', 60, now()),
  ('deliveries_failed', 60, now()),
  ('queue_backlog', 30, now()),
  ('rejections_spike', 60, now()),
  ('source_silent', 360, now());
