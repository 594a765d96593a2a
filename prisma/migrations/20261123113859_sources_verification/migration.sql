-- CreateEnum
CREATE TYPE "DedupeStrategy" AS ENUM ('provider', 'header', 'json_path', 'off');

-- AlterTable
ALTER TABLE "events" ADD COLUMN     "dedupe_key" TEXT,
ADD COLUMN     "duplicate_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "event_type" TEXT,
ADD COLUMN     "last_duplicate_at" TIMESTAMPTZ(3),
ADD COLUMN     "verification" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "sources" ADD COLUMN     "body_limit_bytes" INTEGER NOT NULL DEFAULT 1048576,
ADD COLUMN     "dedupe_field" TEXT,
ADD COLUMN     "dedupe_strategy" "DedupeStrategy" NOT NULL DEFAULT 'provider',
ADD COLUMN     "ip_allowlist" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "scheme" TEXT NOT NULL DEFAULT 'none',
ADD COLUMN     "scheme_options" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "tolerance_seconds" INTEGER NOT NULL DEFAULT 300;

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "source_secrets" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "source_id" UUID NOT NULL,
    "encrypted" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "last_matched_at" TIMESTAMPTZ(3),

    CONSTRAINT "source_secrets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rejected_requests" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "source_id" UUID NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "remote_address" TEXT,
    "user_agent" TEXT,
    "content_length" INTEGER,

    CONSTRAINT "rejected_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "source_secrets_source_id_idx" ON "source_secrets"("source_id");

-- CreateIndex
CREATE INDEX "rejected_requests_source_id_received_at_idx" ON "rejected_requests"("source_id", "received_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "events_source_id_dedupe_key_key" ON "events"("source_id", "dedupe_key");

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "source_secrets" ADD CONSTRAINT "source_secrets_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rejected_requests" ADD CONSTRAINT "rejected_requests_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;
