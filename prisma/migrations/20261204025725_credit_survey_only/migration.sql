-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "creditSurveyOnly" BOOLEAN NOT NULL DEFAULT false;

