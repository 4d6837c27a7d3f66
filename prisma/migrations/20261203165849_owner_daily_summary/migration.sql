-- CreateEnum
CREATE TYPE "DailySummaryStatus" AS ENUM ('PENDING', 'SENT', 'NOTHING');

-- AlterTable
ALTER TABLE "EmailSettings" ADD COLUMN     "dailySummary" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "summaryTo" TEXT;

-- CreateTable
CREATE TABLE "DailySummary" (
    "shopId" TEXT NOT NULL,
    "shopDate" DATE NOT NULL,
    "status" "DailySummaryStatus" NOT NULL DEFAULT 'PENDING',
    "since" TIMESTAMP(3) NOT NULL,
    "until" TIMESTAMP(3) NOT NULL,
    "failedSends" INTEGER NOT NULL DEFAULT 0,
    "newLeaks" INTEGER NOT NULL DEFAULT 0,
    "repairs" INTEGER NOT NULL DEFAULT 0,
    "flaggedCodeIds" TEXT[],
    "toEmail" TEXT,
    "messageId" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DailySummary_pkey" PRIMARY KEY ("shopId","shopDate")
);

-- AddForeignKey
ALTER TABLE "DailySummary" ADD CONSTRAINT "DailySummary_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

