-- AlterTable
ALTER TABLE "CommissionRule" ADD COLUMN     "endsOn" DATE,
ADD COLUMN     "startsOn" DATE NOT NULL DEFAULT '1970-01-01'::date;

-- AlterTable
ALTER TABLE "AttributedOrder" ADD COLUMN     "commission" DECIMAL(28,8) NOT NULL DEFAULT 0,
ADD COLUMN     "commissionAccruedAt" TIMESTAMP(3),
ADD COLUMN     "commissionKind" "CommissionKind",
ADD COLUMN     "commissionRate" DECIMAL(18,4),
ADD COLUMN     "commissionReversed" DECIMAL(28,8) NOT NULL DEFAULT 0,
ADD COLUMN     "commissionRuleId" TEXT;


-- One open term per owner (was: one rule per owner); closed terms stay as history
-- (app/db/raw-schema.ts, decision 029).
DROP INDEX "CommissionRule_influencerId_owner_key";
DROP INDEX "CommissionRule_campaignId_owner_key";
CREATE UNIQUE INDEX "CommissionRule_influencerId_owner_key" ON "CommissionRule"("influencerId") WHERE "campaignId" IS NULL AND "endsOn" IS NULL;
CREATE UNIQUE INDEX "CommissionRule_campaignId_owner_key" ON "CommissionRule"("campaignId") WHERE "influencerId" IS NULL AND "endsOn" IS NULL;
