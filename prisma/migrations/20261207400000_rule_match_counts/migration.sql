-- CreateTable
CREATE TABLE "rule_match_counts" (
    "rule_id" UUID NOT NULL,
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "matches" INTEGER NOT NULL,

    CONSTRAINT "rule_match_counts_pkey" PRIMARY KEY ("rule_id","bucket")
);

-- AddForeignKey
ALTER TABLE "rule_match_counts" ADD CONSTRAINT "rule_match_counts_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;
