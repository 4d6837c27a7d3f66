-- CreateTable
CREATE TABLE "RepeatPurchaseRollup" (
    "shopId" TEXT NOT NULL,
    "shopDate" DATE NOT NULL,
    "influencerId" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "netSales" DECIMAL(18,4) NOT NULL DEFAULT 0,

    CONSTRAINT "RepeatPurchaseRollup_pkey" PRIMARY KEY ("shopId","shopDate","influencerId","campaignId")
);

-- CreateIndex
CREATE INDEX "RepeatPurchaseRollup_shopId_influencerId_shopDate_idx" ON "RepeatPurchaseRollup"("shopId", "influencerId", "shopDate");

-- AddForeignKey
ALTER TABLE "RepeatPurchaseRollup" ADD CONSTRAINT "RepeatPurchaseRollup_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

