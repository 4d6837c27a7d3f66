import prisma from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import { matchInfluencer, type MatchCandidate } from "../lib/survey-match";
import type { SurveyPayload } from "../lib/survey";
import type { CustomerRequest } from "../lib/order-payload";
import { reattributeOrders } from "./attribution-rules.server";
import { isUniqueViolation } from "./prisma-errors.server";

/**
 * Survey answers (decision 028): one per order, scoped by shop. Free text is matched to the shop's
 * influencers when stored; the owner confirms the match. customers/redact deletes the customer's
 * answers (by customer id and by the orders Shopify lists), shop/redact cascades from Shop.
 */

type Tx = Prisma.TransactionClient;

export interface SurveyShop {
  id: string;
  surveyEnabled: boolean;
}

/** The shop's active influencers with their handles, for the survey's list and for matching. */
export async function surveyInfluencers(shopId: string): Promise<MatchCandidate[]> {
  const rows = await prisma.influencer.findMany({
    where: { shopId, status: "ACTIVE" },
    select: {
      id: true,
      name: true,
      handles: { select: { handle: true }, orderBy: { platform: "asc" } },
    },
    orderBy: { name: "asc" },
    take: 500,
  });
  return rows.map((r) => ({
    influencerId: r.id,
    name: r.name,
    handles: r.handles.map((h) => h.handle.replace(/^@/, "")),
  }));
}

export async function hasSurveyAnswer(shopId: string, shopifyOrderId: bigint): Promise<boolean> {
  return (await prisma.surveyResponse.count({ where: { shopId, shopifyOrderId } })) > 0;
}

export type StoreAnswerResult =
  | { stored: true; id: string; matchedInfluencerId: string | null }
  | { stored: false; reason: "answered" | "unknown-influencer" };

/**
 * What the caller does in the transaction that stores an answer or confirms its match, with the
 * order it is about (app/services/survey-credit.server.ts queues the credit of a survey-only order).
 */
export type InAnswerTransaction = (tx: Tx, orderId: bigint) => Promise<unknown>;

/** Stores an order's answer; a second answer for the same order stores nothing ("answered"). */
export async function storeSurveyAnswer(
  shopId: string,
  answer: SurveyPayload,
  customerId: bigint | null,
  inTransaction?: InAnswerTransaction
): Promise<StoreAnswerResult> {
  const candidates = answer.channel === "influencer" ? await surveyInfluencers(shopId) : [];
  if (
    answer.influencerId &&
    !(await prisma.influencer.findFirst({
      where: { id: answer.influencerId, shopId },
      select: { id: true },
    }))
  ) {
    return { stored: false, reason: "unknown-influencer" };
  }
  const match = answer.freeText ? matchInfluencer(answer.freeText, candidates) : null;
  try {
    // The answer is evidence of the order's attribution: under a precedence that puts the survey
    // first it may change the order's influencer (decision 037), in the same transaction.
    const row = await prisma.$transaction(async (tx) => {
      const created = await tx.surveyResponse.create({
        data: {
          shopId,
          shopifyOrderId: BigInt(answer.orderId),
          customerId,
          channel: answer.channel,
          influencerId: answer.influencerId ?? null,
          freeText: answer.freeText ?? null,
          locale: answer.locale,
          matchedInfluencerId: match?.influencerId ?? null,
          matchScore: match ? match.score.toFixed(3) : null,
        },
        select: { id: true },
      });
      await reattributeOrders(tx, shopId, { orderIds: [BigInt(answer.orderId)] });
      await inTransaction?.(tx, BigInt(answer.orderId));
      return created;
    });
    return {
      stored: true,
      id: row.id,
      matchedInfluencerId: match?.influencerId ?? null,
    };
  } catch (error) {
    if (isUniqueViolation(error)) return { stored: false, reason: "answered" };
    throw error;
  }
}

export const SURVEY_PAGE_SIZE = 50;

/** The shop's answers, newest first, with the chosen and the proposed influencer's names. */
export async function listSurveyAnswers(shopId: string, page = 1) {
  const [rows, total] = await Promise.all([
    prisma.surveyResponse.findMany({
      where: { shopId },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: (Math.max(1, page) - 1) * SURVEY_PAGE_SIZE,
      take: SURVEY_PAGE_SIZE,
      select: {
        id: true,
        shopifyOrderId: true,
        channel: true,
        freeText: true,
        matchScore: true,
        confirmedAt: true,
        createdAt: true,
        influencer: { select: { id: true, name: true } },
        matchedInfluencer: { select: { id: true, name: true } },
      },
    }),
    prisma.surveyResponse.count({ where: { shopId } }),
  ]);
  // The order's name and whom the ledger credited it to, for the answers whose order it holds (an
  // order without a code or link is not in the ledger: the page links to it in Shopify instead).
  const orders = await prisma.attributedOrder.findMany({
    where: {
      shopId,
      shopifyOrderId: { in: rows.map((row) => row.shopifyOrderId) },
    },
    select: {
      shopifyOrderId: true,
      name: true,
      influencer: { select: { id: true, name: true } },
    },
  });
  const byId = new Map(orders.map((order) => [order.shopifyOrderId, order]));
  return {
    rows: rows.map((row) => ({
      ...row,
      order: byId.get(row.shopifyOrderId) ?? null,
    })),
    total,
    pageSize: SURVEY_PAGE_SIZE,
  };
}

/** The owner confirms the proposed match: false when the answer is not this shop's or has none. */
export async function confirmSurveyMatch(shopId: string, id: string, now: Date, inTransaction?: InAnswerTransaction): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const answer = await tx.surveyResponse.findFirst({
      where: {
        id,
        shopId,
        matchedInfluencerId: { not: null },
        confirmedAt: null,
      },
      select: { shopifyOrderId: true },
    });
    if (!answer) return false;
    const updated = await tx.surveyResponse.updateMany({
      where: { id, shopId, confirmedAt: null },
      data: { confirmedAt: now },
    });
    if (updated.count !== 1) return false;
    // A confirmed match names the influencer as a chosen one does (decision 037).
    await reattributeOrders(tx, shopId, { orderIds: [answer.shopifyOrderId] });
    await inTransaction?.(tx, answer.shopifyOrderId);
    return true;
  });
}

export async function setSurveyEnabled(shopId: string, enabled: boolean): Promise<void> {
  await prisma.shop.update({
    where: { id: shopId },
    data: { surveyEnabled: enabled },
  });
}

export async function surveyEnabled(shopId: string): Promise<boolean> {
  return (
    (
      await prisma.shop.findUnique({
        where: { id: shopId },
        select: { surveyEnabled: true },
      })
    )?.surveyEnabled ?? false
  );
}

/** customers/redact, in the webhook's transaction: the customer's answers and those of the listed orders go. */
export async function redactSurveyAnswers(
  tx: Tx,
  shopId: string,
  request: Pick<CustomerRequest, "customerId" | "orderIds">
): Promise<number> {
  const orderIds = request.orderIds;
  // The influencer an answer named stays in its order's evidence (an id, no personal data), so
  // the order's attribution does not change when its answer goes (decision 038).
  await tx.$executeRaw`
    UPDATE "AttributedOrder" x SET "evidence" = x."evidence" || jsonb_build_object('survey', named.influencer)
      FROM (SELECT s."shopifyOrderId" AS order_id, codetrail_survey_influencer(${shopId}, s."shopifyOrderId") AS influencer
              FROM "SurveyResponse" s
             WHERE s."shopId" = ${shopId}
               AND (s."customerId" = ${request.customerId} OR s."shopifyOrderId" = ANY(CAST(${orderIds} AS BIGINT[])))) named
     WHERE x."shopId" = ${shopId} AND x."shopifyOrderId" = named.order_id AND named.influencer IS NOT NULL`;
  const deleted = await tx.surveyResponse.deleteMany({
    where: {
      shopId,
      OR: [{ customerId: request.customerId }, ...(orderIds.length ? [{ shopifyOrderId: { in: orderIds } }] : [])],
    },
  });
  return deleted.count;
}
