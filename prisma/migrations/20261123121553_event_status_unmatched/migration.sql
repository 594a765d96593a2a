-- AlterEnum
ALTER TYPE "EventStatus" ADD VALUE 'unmatched';
