-- AlterTable
ALTER TABLE "EmailSettings" ADD COLUMN     "lastTestFailure" TEXT;

