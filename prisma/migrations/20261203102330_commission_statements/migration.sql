-- CreateEnum
CREATE TYPE "StatementStatus" AS ENUM ('APPROVED', 'PAID');

-- CreateEnum
CREATE TYPE "PayoutMethod" AS ENUM ('MANUAL', 'PAYPAL', 'STORE_CREDIT', 'GIFT_CARD');

-- CreateEnum
CREATE TYPE "StatementLineKind" AS ENUM ('COMMISSION', 'ADJUSTMENT');

-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "commissionHoldDays" INTEGER NOT NULL DEFAULT 30;

-- CreateTable
CREATE TABLE "CommissionStatement" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "influencerId" TEXT NOT NULL,
    "periodStart" DATE,
    "periodEnd" DATE NOT NULL,
    "status" "StatementStatus" NOT NULL DEFAULT 'APPROVED',
    "payable" DECIMAL(28,8) NOT NULL,
    "adjustments" DECIMAL(28,8) NOT NULL,
    "total" DECIMAL(28,8) NOT NULL,
    "approvedAt" TIMESTAMP(3) NOT NULL,
    "paidOn" DATE,
    "paymentReference" TEXT,
    "paymentMethod" "PayoutMethod",
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CommissionStatement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommissionStatementLine" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "statementId" TEXT NOT NULL,
    "shopifyOrderId" BIGINT NOT NULL,
    "orderName" TEXT NOT NULL,
    "shopDate" DATE NOT NULL,
    "kind" "StatementLineKind" NOT NULL,
    "amount" DECIMAL(28,8) NOT NULL,

    CONSTRAINT "CommissionStatementLine_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CommissionStatement_shopId_influencerId_periodEnd_idx" ON "CommissionStatement"("shopId", "influencerId", "periodEnd");

-- CreateIndex
CREATE INDEX "CommissionStatement_shopId_status_idx" ON "CommissionStatement"("shopId", "status");

-- CreateIndex
CREATE INDEX "CommissionStatementLine_statementId_idx" ON "CommissionStatementLine"("statementId");

-- CreateIndex
CREATE INDEX "CommissionStatementLine_shopId_shopifyOrderId_idx" ON "CommissionStatementLine"("shopId", "shopifyOrderId");

-- AddForeignKey
ALTER TABLE "CommissionStatement" ADD CONSTRAINT "CommissionStatement_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommissionStatement" ADD CONSTRAINT "CommissionStatement_influencerId_fkey" FOREIGN KEY ("influencerId") REFERENCES "Influencer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommissionStatementLine" ADD CONSTRAINT "CommissionStatementLine_statementId_fkey" FOREIGN KEY ("statementId") REFERENCES "CommissionStatement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

