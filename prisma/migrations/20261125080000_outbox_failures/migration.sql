-- AlterTable
ALTER TABLE "outbox" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "failed_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_error" VARCHAR(1000);
