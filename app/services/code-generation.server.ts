import { z } from "zod";
import Decimal from "decimal.js";
import prisma from "../db.server";
import type { CodeSettings } from "../lib/code-settings";
import type { ShopRecord } from "../models/shop.server";
import type { AdminGraphqlClient } from "./admin-client.server";
import { adminForShop } from "./admin-context.server";
import { throttledAdmin } from "./admin-throttle.server";
import { createInfluencerCode, retryCodeSync } from "./discount-codes.server";
import { enqueueJob, findJob, registerJobHandler, type JobHandler } from "./jobs.server";

export const CODE_GENERATION = "generate-codes";

export interface GenerationItem {
  influencerId: string;
  name: string;
  status: "pending" | "created" | "failed";
  code?: string;
  requestedCode?: string;
  error?: string;
}

interface Payload {
  influencerIds: string[];
  settings: CodeSettings;
}

/**
 * Queues one code per influencer (bulk "Generate codes"); returns the job id to follow. The caller
 * decides who gets one (influencers who already hold an active code are left out unless the owner
 * asks for a second code: see the generate page).
 */
export async function enqueueCodeGeneration(shop: ShopRecord, influencerIds: string[], settings: CodeSettings) {
  const influencers = await prisma.influencer.findMany({
    where: { shopId: shop.id, id: { in: [...new Set(influencerIds)] } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
  if (influencers.length === 0) throw new Response("No influencers of this shop were selected.", { status: 400 });
  // An explicit code cannot be shared by several influencers: each gets a generated one.
  const payload: Payload = { influencerIds: influencers.map((i) => i.id), settings: { ...settings, code: undefined } };
  const items: GenerationItem[] = influencers.map((i) => ({ influencerId: i.id, name: i.name, status: "pending" }));
  const job = await enqueueJob(shop.id, CODE_GENERATION, JSON.parse(JSON.stringify(payload)), { total: influencers.length });
  await prisma.backgroundJob.update({ where: { id: job.id }, data: { result: JSON.parse(JSON.stringify({ items })) } });
  return job.id;
}

/**
 * Queues the failed rows of a finished generation again, with the same offer, as a new job;
 * returns its id, or null when the job is not this shop's, is still running or has no failed row.
 */
export async function retryFailedCodeGeneration(shop: ShopRecord, jobId: string): Promise<string | null> {
  const job = await findJob(shop.id, jobId);
  if (!job || job.kind !== CODE_GENERATION || job.status === "QUEUED" || job.status === "RUNNING") return null;
  const items = generationItems(job);
  const failed = items.filter((item) => item.status === "failed").map((item) => item.influencerId);
  if (!failed.length) return null;
  const { settings } = job.payload as unknown as Payload;
  return enqueueCodeGeneration(shop, failed, settings);
}

/** The rows a generation job keeps in its result (one per influencer). */
function generationItems(job: { result: unknown }): GenerationItem[] {
  return (job.result as { items?: GenerationItem[] } | null)?.items ?? [];
}

export async function codeGenerationProgress(shopId: string, jobId: string) {
  const job = await findJob(shopId, jobId);
  if (!job || job.kind !== CODE_GENERATION) return null;
  const items = generationItems(job);
  return {
    id: job.id,
    status: job.status,
    total: job.total,
    done: job.done,
    failed: job.failed,
    lastError: job.lastError,
    items,
  };
}

/**
 * The job: one influencer at a time through the throttled Admin API, progress saved after each.
 * Resumable: items already created or failed are skipped, and a code that was created just before
 * a crash (same offer, made after the job started) is adopted instead of created twice.
 */
export function codeGenerationHandler(adminFor: (shop: ShopRecord) => Promise<AdminGraphqlClient>): JobHandler {
  return async ({ job, progress }) => {
    const shop = await prisma.shop.findUniqueOrThrow({ where: { id: job.shopId } });
    const { influencerIds, settings } = job.payload as unknown as Payload;
    const admin = await adminFor(shop);
    const stored = generationItems(job);
    const items = new Map(stored.map((item) => [item.influencerId, item]));
    const save = () => {
      const list = influencerIds.map((id) => items.get(id)!).filter(Boolean);
      return progress({
        done: list.filter((i) => i.status === "created").length,
        failed: list.filter((i) => i.status === "failed").length,
        result: JSON.parse(JSON.stringify({ items: list })),
      });
    };
    for (const influencerId of influencerIds) {
      const item = items.get(influencerId) ?? { influencerId, name: "", status: "pending" as const };
      items.set(influencerId, item);
      if (item.status !== "pending") continue;
      const adopted = await prisma.discountCode.findFirst({
        where: {
          shopId: shop.id,
          influencerId,
          createdAt: { gte: job.createdAt },
          valueType: settings.valueType,
          value: new Decimal(settings.value).toFixed(4),
        },
      });
      if (adopted) {
        const repaired = adopted.syncState === "SYNCED" ? { ok: true as const } : await retryCodeSync(admin, shop, adopted.id);
        Object.assign(item, repaired.ok ? { status: "created", code: adopted.code } : { status: "failed", error: repaired.error });
      } else {
        const result = await createInfluencerCode(admin, shop, influencerId, settings);
        Object.assign(
          item,
          result.ok
            ? { status: "created", code: result.chosenCode, requestedCode: result.requestedCode }
            : { status: "failed", error: Object.values(result.fieldErrors)[0] },
        );
      }
      await save();
    }
    await save();
  };
}

registerJobHandler(
  CODE_GENERATION,
  codeGenerationHandler(async (shop) => throttledAdmin(await adminForShop(shop))),
  // The settings were validated by the form (parseCodeSettings); the queue checks the shape.
  { lane: "bulk", payload: z.object({ influencerIds: z.array(z.string().min(1)).min(1), settings: z.looseObject({}) }) },
);
