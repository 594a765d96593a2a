-- The first-run set-up code: one row at most (id 1), only while no user exists. The page that
-- creates the first admin asks for it; every start prints it (lib/users/issue-setup-code.ts).
-- CreateTable
CREATE TABLE "setup_codes" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "encrypted" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "setup_codes_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "setup_codes_one_row" CHECK ("id" = 1)
);
