-- Decision 029: orders stored before commission terms had dates are accrued under the rules they
-- were priced with until now (every existing rule starts on 1970-01-01), and each DailyRollup row's
-- commission becomes the sum of its orders' stored commission (the same figure, cast per order).
SELECT codetrail_accrue("id", NULL, timezone('UTC', now())::timestamp(3)) FROM "Shop";

UPDATE "DailyRollup" d SET "commission" = COALESCE((
  SELECT sum(a."commission") FROM "AttributedOrder" a
   WHERE a."shopId" = d."shopId" AND a."shopDate" = d."shopDate"
     AND COALESCE(a."influencerId", '') = d."influencerId" AND COALESCE(a."campaignId", '') = d."campaignId"
     AND COALESCE(a."discountCodeId", '') = d."discountCodeId"
     AND codetrail_is_reportable(a."cancelledAt", a."test")), 0);
