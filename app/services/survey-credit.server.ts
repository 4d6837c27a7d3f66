import { z } from "zod";
import prisma from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import { ORDER_BY_ID, type OrderByIdResult } from "../graphql/order-by-id";
import { log } from "../lib/logger.server";
import { surveyOnlyOrdersToCredit, type Period } from "../models/attribution-rules.server";
import { confirmSurveyMatch, storeSurveyAnswer } from "../models/survey.server";
import type { ShopRecord } from "../models/shop.server";
import { adminQuery, type AdminGraphqlClient } from "./admin-client.server";
import { adminForShop } from "./admin-context.server";
import { throttledAdmin } from "./admin-throttle.server";
import { enqueueJob, registerJobHandler, type JobHandler } from "./jobs.server";
import { applyAdminOrder } from "./order-sync.server";

/**
 * Crediting orders the survey alone names (decision 038). When the shop credits them, an order with
 * none of its codes or links was not kept when its webhook came (the ledger keeps no buyer-level
 * facts of untracked orders), so its facts are read from the Admin API — one `order` query — and
 * applied like an orders/updated webhook: codetrail_apply then finds the survey answer and credits
 * its influencer. Queued in the transaction that stores the answer (or confirms its match), and by
 * the recomputation after the shop turns crediting on; the job checks again which orders still
 * need it, so running it twice credits nothing twice.
 */
export const SURVEY_CREDIT = "survey-credit";
/** Orders per job: one Admin API query each, well inside a job's lease. */
export const SURVEY_CREDIT_BATCH = 50;

const payloadSchema = z.object({
  orderIds: z
    .array(z.string().regex(/^\d{1,20}$/))
    .min(1)
    .max(SURVEY_CREDIT_BATCH),
});

type Tx = Prisma.TransactionClient;

/** Queues the credit of the listed orders that still need it; in the caller's transaction when given. */
export async function queueSurveyCredit(shopId: string, orderIds: readonly bigint[], tx?: Tx): Promise<number> {
  const due = await surveyOnlyOrdersToCredit(tx ?? prisma, shopId, { orderIds });
  await enqueueBatches(shopId, due, tx);
  return due.length;
}

/** Queues the credit of every order of the period the survey alone would credit; how many. */
export async function queueSurveyCreditForPeriod(shopId: string, period: Period): Promise<number> {
  const due = await surveyOnlyOrdersToCredit(prisma, shopId, period);
  await enqueueBatches(shopId, due);
  return due.length;
}

async function enqueueBatches(shopId: string, orderIds: readonly bigint[], tx?: Tx) {
  for (let i = 0; i < orderIds.length; i += SURVEY_CREDIT_BATCH) {
    const batch = orderIds.slice(i, i + SURVEY_CREDIT_BATCH).map(String);
    await enqueueJob(shopId, SURVEY_CREDIT, { orderIds: batch }, { total: batch.length, tx });
  }
}

/** Stores a buyer's answer; an order it alone names is queued to be credited (when the shop does). */
export function recordSurveyAnswer(shopId: string, answer: Parameters<typeof storeSurveyAnswer>[1], customerId: bigint | null) {
  return storeSurveyAnswer(shopId, answer, customerId, (tx, orderId) => queueSurveyCredit(shopId, [orderId], tx));
}

/** The owner confirms an answer's proposed match; its order is then credited like a chosen answer's. */
export function confirmSurveyAnswer(shopId: string, id: string, now: Date) {
  return confirmSurveyMatch(shopId, id, now, (tx, orderId) => queueSurveyCredit(shopId, [orderId], tx));
}

export function surveyCreditHandler(adminFor: (shop: ShopRecord) => Promise<AdminGraphqlClient>): JobHandler {
  return async ({ job, progress }) => {
    const { orderIds } = payloadSchema.parse(job.payload);
    const shop = await prisma.shop.findUniqueOrThrow({ where: { id: job.shopId } });
    const due = await surveyOnlyOrdersToCredit(prisma, shop.id, { orderIds: orderIds.map(BigInt) });
    let credited = 0;
    let gone = 0;
    if (due.length > 0) {
      const admin = await adminFor(shop);
      for (const [i, id] of due.entries()) {
        const { order } = await adminQuery<OrderByIdResult>(admin, ORDER_BY_ID, { id: `gid://shopify/Order/${id}` });
        if (!order) gone += 1;
        else if ((await applyAdminOrder(admin, shop, order)).attributed) credited += 1;
        await progress({ done: i + 1 });
      }
    }
    log.info({ shopId: shop.id, jobId: job.id, asked: orderIds.length, credited, gone }, "survey-only orders credited");
    return { credited, gone, skipped: orderIds.length - due.length };
  };
}

/** Registers the job with the Admin API it reads through (tests pass the emulator). */
export function registerSurveyCredit(adminFor: (shop: ShopRecord) => Promise<AdminGraphqlClient>) {
  registerJobHandler(SURVEY_CREDIT, surveyCreditHandler(adminFor), { payload: payloadSchema });
}

registerSurveyCredit(async (shop) => throttledAdmin(await adminForShop(shop)));
