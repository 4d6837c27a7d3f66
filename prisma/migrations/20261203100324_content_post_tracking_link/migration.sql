-- AlterTable
ALTER TABLE "ContentPost" ADD COLUMN     "trackingLinkId" TEXT;

-- CreateIndex
CREATE INDEX "ContentPost_trackingLinkId_idx" ON "ContentPost"("trackingLinkId");

-- AddForeignKey
ALTER TABLE "ContentPost" ADD CONSTRAINT "ContentPost_trackingLinkId_fkey" FOREIGN KEY ("trackingLinkId") REFERENCES "TrackingLink"("id") ON DELETE SET NULL ON UPDATE CASCADE;

