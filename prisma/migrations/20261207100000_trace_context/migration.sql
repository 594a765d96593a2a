-- AlterTable
ALTER TABLE "deliveries" ADD COLUMN     "trace_parent" TEXT;

-- AlterTable
ALTER TABLE "events" ADD COLUMN     "trace_parent" TEXT;
