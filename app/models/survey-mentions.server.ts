import prisma from "../db.server";
import { Prisma } from "../generated/prisma/client";
import type { DateRange } from "../lib/shop-dates";

/**
 * Dark social per influencer (docs/metrics.md, "Dark-social ratio"): the orders whose buyer named
 * the influencer in the post-purchase survey (the influencer they chose, or a free-text match the
 * owner confirmed), and how many of those did not come through the influencer's own code or link.
 * An answer counts on its order's shop day when the ledger holds the order, else on the shop day
 * it was given (right after the purchase). Orders the ledger knows to be cancelled or tests do not
 * count; the survey cannot know about orders the ledger never stored.
 */
export interface SurveyMentions {
  /** Orders whose buyer named the influencer. */
  named: number;
  /** Of those, the orders not credited to the influencer through their code or link. */
  dark: number;
}

export async function surveyMentionsByInfluencer(shopId: string, range: DateRange | null): Promise<Map<string, SurveyMentions>> {
  const inRange = range ? Prisma.sql`AND day BETWEEN ${range.from}::date AND ${range.to}::date` : Prisma.empty;
  const rows = await prisma.$queryRaw<{ influencerId: string; named: number; dark: number }[]>`
    WITH answers AS (
      SELECT coalesce(s."influencerId", CASE WHEN s."confirmedAt" IS NOT NULL THEN s."matchedInfluencerId" END) AS "influencerId",
             coalesce(o."shopDate", (s."createdAt" AT TIME ZONE 'UTC' AT TIME ZONE sh."ianaTimezone")::date) AS day,
             o."influencerId" AS "creditedTo",
             o."id" IS NULL AS "notInLedger",
             o."id" IS NOT NULL AND NOT codetrail_is_reportable(o."cancelledAt", o."test") AS "notReportable"
        FROM "SurveyResponse" s
        JOIN "Shop" sh ON sh."id" = s."shopId"
        LEFT JOIN "AttributedOrder" o ON o."shopId" = s."shopId" AND o."shopifyOrderId" = s."shopifyOrderId"
       WHERE s."shopId" = ${shopId}
    )
    SELECT "influencerId",
           count(*)::int AS "named",
           count(*) FILTER (WHERE "notInLedger" OR "creditedTo" IS DISTINCT FROM "influencerId")::int AS "dark"
      FROM answers
     WHERE "influencerId" IS NOT NULL AND NOT "notReportable" ${inRange}
     GROUP BY "influencerId"`;
  return new Map(rows.map((row) => [row.influencerId, { named: row.named, dark: row.dark }]));
}
