-- DropIndex
DROP INDEX "BackgroundJob_status_runAfter_idx";

-- AlterTable
ALTER TABLE "BackgroundJob" ADD COLUMN     "dedupeKey" TEXT,
ADD COLUMN     "lane" TEXT NOT NULL DEFAULT 'default',
ADD COLUMN     "leaseToken" TEXT;

-- CreateIndex
CREATE INDEX "BackgroundJob_status_lane_runAfter_idx" ON "BackgroundJob"("status", "lane", "runAfter");

-- CreateIndex
CREATE INDEX "BackgroundJob_finishedAt_idx" ON "BackgroundJob"("finishedAt");


-- Jobs already queued keep running, in the lane their kind belongs to now.
UPDATE "BackgroundJob" SET "lane" = 'bulk' WHERE "kind" IN ('backfill-code', 'bulk-backfill', 'generate-codes');

-- One unfinished job per shop, kind and key (a backfill per code, one reconciliation per shop…):
-- two concurrent enqueues cannot both insert; the loser finds the winner's job.
CREATE UNIQUE INDEX "BackgroundJob_unfinished_dedupe_key" ON "BackgroundJob"("shopId", "kind", "dedupeKey")
  WHERE "dedupeKey" IS NOT NULL AND "status" IN ('QUEUED', 'RUNNING');
