-- AlterTable
ALTER TABLE "DiscountCode" ADD COLUMN     "rotatedFromId" TEXT;

-- AlterTable
ALTER TABLE "AttributedOrder" ADD COLUMN     "countryCode" TEXT,
ADD COLUMN     "landingHost" TEXT,
ADD COLUMN     "referringHost" TEXT,
ADD COLUMN     "utmSource" TEXT;

-- CreateTable
CREATE TABLE "ShopSyncState" (
    "shopId" TEXT NOT NULL,
    "reconciledUntil" TIMESTAMP(3),
    "nextReconcileAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "lastReconcileJob" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopSyncState_pkey" PRIMARY KEY ("shopId")
);

-- CreateTable
CREATE TABLE "EmulatorOrder" (
    "shopDomain" TEXT NOT NULL,
    "id" BIGINT NOT NULL,
    "codes" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "data" JSONB NOT NULL,

    CONSTRAINT "EmulatorOrder_pkey" PRIMARY KEY ("shopDomain","id")
);

-- CreateIndex
CREATE INDEX "ShopSyncState_nextReconcileAt_idx" ON "ShopSyncState"("nextReconcileAt");

-- CreateIndex
CREATE INDEX "EmulatorOrder_shopDomain_updatedAt_idx" ON "EmulatorOrder"("shopDomain", "updatedAt");

-- AddForeignKey
ALTER TABLE "ShopSyncState" ADD CONSTRAINT "ShopSyncState_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

