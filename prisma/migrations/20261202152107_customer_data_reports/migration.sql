-- CreateTable
CREATE TABLE "CustomerDataReport" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "dataRequestId" BIGINT,
    "customerId" BIGINT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "orderCount" INTEGER NOT NULL,
    "refundCount" INTEGER NOT NULL,
    "report" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerDataReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CustomerDataReport_deliveryId_key" ON "CustomerDataReport"("deliveryId");

-- CreateIndex
CREATE INDEX "CustomerDataReport_shopId_receivedAt_idx" ON "CustomerDataReport"("shopId", "receivedAt");

-- CreateIndex
CREATE INDEX "CustomerDataReport_shopId_customerId_idx" ON "CustomerDataReport"("shopId", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerDataReport_shopId_dataRequestId_key" ON "CustomerDataReport"("shopId", "dataRequestId");

-- AddForeignKey
ALTER TABLE "CustomerDataReport" ADD CONSTRAINT "CustomerDataReport_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

