-- CreateTable
CREATE TABLE "DailyRollup" (
    "shopId" TEXT NOT NULL,
    "shopDate" DATE NOT NULL,
    "influencerId" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "discountCodeId" TEXT NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "newCustomers" INTEGER NOT NULL DEFAULT 0,
    "sales" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "discounts" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "refunds" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "commission" DECIMAL(28,8) NOT NULL DEFAULT 0,

    CONSTRAINT "DailyRollup_pkey" PRIMARY KEY ("shopId","shopDate","influencerId","campaignId","discountCodeId")
);

-- CreateIndex
CREATE INDEX "DailyRollup_shopId_influencerId_shopDate_idx" ON "DailyRollup"("shopId", "influencerId", "shopDate");

-- CreateIndex
CREATE INDEX "DailyRollup_shopId_campaignId_shopDate_idx" ON "DailyRollup"("shopId", "campaignId", "shopDate");

-- AddForeignKey
ALTER TABLE "DailyRollup" ADD CONSTRAINT "DailyRollup_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

