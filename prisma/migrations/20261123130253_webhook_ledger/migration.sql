-- AlterTable
ALTER TABLE "AttributedOrder" ADD COLUMN     "utmCampaign" TEXT,
ADD COLUMN     "utmContent" TEXT;

-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "triggeredAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "WebhookDelivery_shopId_receivedAt_idx" ON "WebhookDelivery"("shopId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_shopDomain_topic_eventId_key" ON "WebhookDelivery"("shopDomain", "topic", "eventId");

