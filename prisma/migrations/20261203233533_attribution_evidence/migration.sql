-- CreateEnum
CREATE TYPE "AttributionSignal" AS ENUM ('CODE', 'LINK', 'SURVEY');

-- AlterEnum
ALTER TYPE "AttributionSource" ADD VALUE 'SURVEY';

-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "attributionPrecedence" "AttributionSignal"[] DEFAULT ARRAY['CODE', 'LINK', 'SURVEY']::"AttributionSignal"[];

-- AlterTable
ALTER TABLE "AttributedOrder" ADD COLUMN     "evidence" JSONB;


-- Orders stored before evidence was kept: the code they won with is the evidence known.
UPDATE "AttributedOrder" SET "evidence" = jsonb_build_object(
  'candidates', CASE WHEN "matchedCode" IS NULL THEN '[]'::jsonb
                     ELSE jsonb_build_array(jsonb_build_object('code', upper(btrim("matchedCode")), 'used', "matchedCode", 'source', "source"::text)) END,
  'link', NULL)
 WHERE "evidence" IS NULL;
