-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "surveyEnabled" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "SurveyResponse" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "shopifyOrderId" BIGINT NOT NULL,
    "customerId" BIGINT,
    "channel" TEXT NOT NULL,
    "influencerId" TEXT,
    "freeText" VARCHAR(200),
    "locale" TEXT NOT NULL DEFAULT 'en',
    "matchedInfluencerId" TEXT,
    "matchScore" DECIMAL(4,3),
    "confirmedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyResponse_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SurveyResponse_shopId_customerId_idx" ON "SurveyResponse"("shopId", "customerId");

-- CreateIndex
CREATE INDEX "SurveyResponse_shopId_createdAt_idx" ON "SurveyResponse"("shopId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyResponse_shopId_shopifyOrderId_key" ON "SurveyResponse"("shopId", "shopifyOrderId");

-- AddForeignKey
ALTER TABLE "SurveyResponse" ADD CONSTRAINT "SurveyResponse_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyResponse" ADD CONSTRAINT "SurveyResponse_influencerId_fkey" FOREIGN KEY ("influencerId") REFERENCES "Influencer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyResponse" ADD CONSTRAINT "SurveyResponse_matchedInfluencerId_fkey" FOREIGN KEY ("matchedInfluencerId") REFERENCES "Influencer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

