import { z } from "zod";
import prisma from "../db.server";
import type { AttributionRules } from "../lib/attribution-precedence";
import { log } from "../lib/logger.server";
import {
  countOrdersInPeriod,
  orderIdsInPeriod,
  reattributeOrders,
  setAttributionRules,
  type Period,
} from "../models/attribution-rules.server";
import { enqueueJob, registerJobHandler, type JobHandler } from "./jobs.server";
import { queueSurveyCreditForPeriod } from "./survey-credit.server";

/**
 * Changing a shop's attribution rules (decisions 037, 038): the new rules apply to every order from
 * now on at once; stored orders of the chosen period are re-attributed in the background, a page
 * of orders per transaction (the shop's ledger is locked only for its page), resuming after the
 * last page done when the job is taken over. When the shop credits orders the survey alone names,
 * the period's such orders not kept yet are then queued to be read from the Admin API
 * (survey-credit.server.ts); when it stops, re-attribution takes those it had credited out.
 */
export const ATTRIBUTION_RECOMPUTE = "attribution-recompute";
export const RECOMPUTE_PAGE = 200;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .nullable();
const payloadSchema = z.object({ from: day, to: day });

interface RecomputeProgress {
  after: string | null;
  changed: number;
  /** Orders the survey alone names queued for crediting, once the pages are done. */
  surveyQueued?: number;
}

function readProgress(result: unknown): RecomputeProgress {
  const parsed = z
    .object({
      after: z.string().regex(/^\d+$/).nullable(),
      changed: z.number().int(),
      surveyQueued: z.number().int().optional(),
    })
    .safeParse(result);
  return parsed.success ? parsed.data : { after: null, changed: 0 };
}

export async function applyAttributionRules(shopId: string, rules: AttributionRules, period: Period) {
  await setAttributionRules(shopId, rules);
  const total = await countOrdersInPeriod(shopId, period);
  const job = await enqueueJob(
    shopId,
    ATTRIBUTION_RECOMPUTE,
    { from: period.from, to: period.to },
    {
      total,
      dedupeKey: `${period.from ?? ""}..${period.to ?? ""}`,
    }
  );
  log.info({ shopId, jobId: job.id, rules, period, total }, "attribution rules changed; recomputation queued");
  return job;
}

export const recomputeHandler: JobHandler = async ({ job, progress }) => {
  const period = payloadSchema.parse(job.payload);
  let { after, changed } = readProgress(job.result);
  let done = after === null ? 0 : job.done;
  for (;;) {
    const page = await orderIdsInPeriod(job.shopId, period, after === null ? null : BigInt(after), RECOMPUTE_PAGE);
    if (page.length === 0) break;
    changed += await prisma.$transaction((tx) => reattributeOrders(tx, job.shopId, { orderIds: page }));
    after = page[page.length - 1].toString();
    done += page.length;
    await progress({ done, result: { after, changed } });
  }
  const surveyQueued = await queueSurveyCreditForPeriod(job.shopId, period);
  return { after, changed, surveyQueued };
};

registerJobHandler(ATTRIBUTION_RECOMPUTE, recomputeHandler, {
  lane: "bulk",
  payload: payloadSchema,
});

/** The shop's latest recomputation, for the rules page: its period, progress and outcome. */
export async function latestRecomputation(shopId: string) {
  const job = await prisma.backgroundJob.findFirst({
    where: { shopId, kind: ATTRIBUTION_RECOMPUTE },
    orderBy: { createdAt: "desc" },
  });
  if (!job) return null;
  const period = payloadSchema.safeParse(job.payload);
  const outcome = readProgress(job.result);
  return {
    id: job.id,
    status: job.status,
    done: job.done,
    total: job.total,
    changed: outcome.changed,
    surveyQueued: outcome.surveyQueued ?? 0,
    from: period.success ? period.data.from : null,
    to: period.success ? period.data.to : null,
    lastError: job.lastError,
  };
}
