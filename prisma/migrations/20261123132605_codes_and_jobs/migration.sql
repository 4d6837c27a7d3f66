-- CreateEnum
CREATE TYPE "DiscountMinimum" AS ENUM ('NONE', 'SUBTOTAL', 'QUANTITY');

-- CreateEnum
CREATE TYPE "DiscountSyncState" AS ENUM ('PENDING', 'SYNCED', 'FAILED');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- AlterTable
ALTER TABLE "DiscountCode" ADD COLUMN     "combinesWithOrderDiscounts" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "combinesWithProductDiscounts" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "combinesWithShippingDiscounts" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "linkedExisting" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "minimumRequirement" "DiscountMinimum" NOT NULL DEFAULT 'NONE',
ADD COLUMN     "minimumValue" DECIMAL(18,4),
ADD COLUMN     "oncePerCustomer" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "requestedCode" TEXT,
ADD COLUMN     "syncError" TEXT,
ADD COLUMN     "syncState" "DiscountSyncState" NOT NULL DEFAULT 'SYNCED',
ADD COLUMN     "title" TEXT,
ADD COLUMN     "usageLimit" INTEGER;

-- CreateTable
CREATE TABLE "BackgroundJob" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 5,
    "runAfter" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "result" JSONB,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "BackgroundJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmulatorDiscount" (
    "id" BIGSERIAL NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
    "input" JSONB NOT NULL,
    "usageCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmulatorDiscount_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BackgroundJob_status_runAfter_idx" ON "BackgroundJob"("status", "runAfter");

-- CreateIndex
CREATE INDEX "BackgroundJob_shopId_createdAt_idx" ON "BackgroundJob"("shopId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "EmulatorDiscount_shopDomain_code_key" ON "EmulatorDiscount"("shopDomain", "code");

-- AddForeignKey
ALTER TABLE "BackgroundJob" ADD CONSTRAINT "BackgroundJob_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

