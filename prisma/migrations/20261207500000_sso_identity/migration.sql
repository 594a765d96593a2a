-- Binds an account to its single sign-on identity (issuer + subject) at the first SSO sign-in, so
-- that later sign-ins match the identity, not whoever holds the e-mail address at the provider now.
-- AlterTable
ALTER TABLE "users" ADD COLUMN     "sso_issuer" TEXT,
ADD COLUMN     "sso_subject" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "users_sso_issuer_sso_subject_key" ON "users"("sso_issuer", "sso_subject");
