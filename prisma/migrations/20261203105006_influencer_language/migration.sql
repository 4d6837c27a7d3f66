-- AlterTable
ALTER TABLE "Influencer" ADD COLUMN     "language" TEXT;

