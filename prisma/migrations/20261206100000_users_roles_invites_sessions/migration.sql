-- Roles become viewer < operator < admin. The old "member" could retry, replay and edit everything
-- but admin-only settings: it becomes operator. The type is rebuilt (not ALTER TYPE ... ADD VALUE)
-- so the new value can be used in this same transaction.
CREATE TYPE "UserRole_new" AS ENUM ('viewer', 'operator', 'admin');
ALTER TABLE "users" ALTER COLUMN "role" DROP DEFAULT;
ALTER TABLE "users" ALTER COLUMN "role" TYPE "UserRole_new"
  USING (CASE "role"::text WHEN 'member' THEN 'operator' ELSE "role"::text END)::"UserRole_new";
DROP TYPE "UserRole";
ALTER TYPE "UserRole_new" RENAME TO "UserRole";
ALTER TABLE "users" ALTER COLUMN "role" SET DEFAULT 'viewer';

-- CreateEnum
CREATE TYPE "ApiTokenKind" AS ENUM ('api', 'scrape');

-- Users: single-sign-on-only users have no password; disabled users, last sign-in, and a session
-- version that ends every session issued before it was raised.
ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL,
ADD COLUMN     "disabled_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_sign_in_at" TIMESTAMPTZ(3),
ADD COLUMN     "session_version" INTEGER NOT NULL DEFAULT 0;

-- API tokens carry a role (capped by the owner's current role at each request) and a kind.
-- Existing tokens keep what they could do: their owner's role.
ALTER TABLE "api_tokens" ADD COLUMN     "kind" "ApiTokenKind" NOT NULL DEFAULT 'api',
ADD COLUMN     "role" "UserRole" NOT NULL DEFAULT 'viewer';
UPDATE "api_tokens" SET "role" = "users"."role" FROM "users" WHERE "users"."id" = "api_tokens"."user_id";

-- CreateTable
CREATE TABLE "invites" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "role" "UserRole" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "invited_by" UUID,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "accepted_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invites_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "invites_token_hash_key" ON "invites"("token_hash");

-- CreateIndex
CREATE INDEX "invites_email_idx" ON "invites"("email");

-- AddForeignKey
ALTER TABLE "invites" ADD CONSTRAINT "invites_invited_by_fkey" FOREIGN KEY ("invited_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
