-- Tracking links named on orders and traffic counts (docs/decisions/016-link-campaign-credit.md).
-- AlterTable
ALTER TABLE "AttributedOrder" ADD COLUMN     "trackingLinkId" TEXT;

-- AlterTable
ALTER TABLE "TrafficStat" DROP CONSTRAINT "TrafficStat_pkey",
ADD COLUMN     "trackingLinkId" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "TrafficStat_pkey" PRIMARY KEY ("shopId", "shopDate", "influencerId", "platform", "campaign", "content", "trackingLinkId");

-- CreateIndex
CREATE INDEX "AttributedOrder_shopId_trackingLinkId_idx" ON "AttributedOrder"("shopId", "trackingLinkId");

-- AddForeignKey
ALTER TABLE "AttributedOrder" ADD CONSTRAINT "AttributedOrder_trackingLinkId_fkey" FOREIGN KEY ("trackingLinkId") REFERENCES "TrackingLink"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Counts kept before links were named (decision 016): a row whose influencer, platform, campaign
-- and content piece are those of exactly one tracking link is that link's; rows that fit several
-- links (or none) stay unnamed.
UPDATE "TrafficStat" s SET "trackingLinkId" = m."id"
  FROM (SELECT t."shopId", t."influencerId", lower(t."platform"::text) AS "platform", t."utmCampaign", t."utmContent",
               min(t."id") AS "id"
          FROM "TrackingLink" t
         GROUP BY 1, 2, 3, 4, 5
        HAVING count(*) = 1) AS m
 WHERE s."trackingLinkId" = '' AND s."shopId" = m."shopId" AND s."influencerId" = m."influencerId"
   AND s."platform" = m."platform" AND s."campaign" = m."utmCampaign" AND s."content" = m."utmContent";
