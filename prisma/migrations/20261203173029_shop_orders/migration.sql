-- CreateTable
CREATE TABLE "ShopOrder" (
    "shopId" TEXT NOT NULL,
    "shopifyOrderId" BIGINT NOT NULL,
    "shopDate" DATE NOT NULL,
    "sales" DECIMAL(18,4) NOT NULL,
    "refunded" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "newCustomer" BOOLEAN NOT NULL DEFAULT false,
    "cancelled" BOOLEAN NOT NULL DEFAULT false,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "shopifyUpdatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopOrder_pkey" PRIMARY KEY ("shopId","shopifyOrderId")
);

-- CreateIndex
CREATE INDEX "ShopOrder_shopId_shopDate_idx" ON "ShopOrder"("shopId", "shopDate");

-- AddForeignKey
ALTER TABLE "ShopOrder" ADD CONSTRAINT "ShopOrder_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

