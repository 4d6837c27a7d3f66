import type { Database } from "../db.server";
import { putEmulatorOrder } from "./admin-emulator/orders.server";
import type { Prisma } from "../generated/prisma/client";
import { matchInfluencer, type MatchCandidate } from "../lib/survey-match";
import { seededRandom } from "./random";

/**
 * The demo's post-purchase survey answers (decision 028), after the main seed, so the survey page
 * and the dark-social ratio have figures offline: about half the attributed orders answered (most
 * name the influencer whose code they used), plus answers on orders the ledger never stored — buyers
 * who heard of an influencer but typed no code — some choosing the influencer, some typing a handle
 * (matched, a few confirmed by the owner). Those orders exist in the emulated store, so a shop that
 * credits orders the survey alone names (decision 038) can read them; their shop-wide facts are
 * returned for the store's order stream (seed-shop-orders). Deterministic; never after `now`.
 */
const OTHER_CHANNELS = ["instagram", "tiktok", "youtube", "search", "friend", "ad", "other"] as const;
const DARK_ID_BASE = 9_007_199_254_950_000n;
/** How the demo's buyers type an influencer they heard of: a handle with a slip, or a name. */
const typed = (handle: string) => (handle.length > 5 ? `@${handle.slice(0, -2)}${handle.at(-1)}${handle.at(-2)}` : handle);

/** An order only its buyer's survey answer ties to an influencer: what the store's order stream needs. */
export interface UntrackedDemoOrder {
  id: bigint;
  createdAt: Date;
  sales: string;
}

export async function seedDemoSurvey(
  db: Database,
  shop: { id: string; domain: string },
  now: Date,
): Promise<{ answers: number; untracked: UntrackedDemoOrder[] }> {
  const random = seededRandom(20261203);
  const amounts = seededRandom(20261205);
  const untracked: UntrackedDemoOrder[] = [];
  await db.surveyResponse.deleteMany({ where: { shopId: shop.id } });
  await db.shop.update({ where: { id: shop.id }, data: { surveyEnabled: true } });
  const influencers = await db.influencer.findMany({ where: { shopId: shop.id }, include: { handles: true }, orderBy: { name: "asc" } });
  const candidates: MatchCandidate[] = influencers.map((i) => ({ influencerId: i.id, name: i.name, handles: i.handles.map((h) => h.handle) }));
  const orders = await db.attributedOrder.findMany({
    where: { shopId: shop.id, test: false },
    select: { shopifyOrderId: true, influencerId: true, orderCreatedAt: true, customerId: true },
    orderBy: { shopifyOrderId: "asc" },
  });
  const answers: Prisma.SurveyResponseCreateManyInput[] = [];
  const answeredAt = (orderAt: Date) => new Date(Math.min(orderAt.getTime() + random.int(1, 20) * 60_000, now.getTime()));

  // Buyers who used a code or link: about 45 % answer; most name that influencer.
  for (const order of orders) {
    if (!random.chance(0.45)) continue;
    const named = random.chance(0.75) ? order.influencerId : random.chance(0.3) ? random.pick(influencers).id : null;
    answers.push({
      shopId: shop.id,
      shopifyOrderId: order.shopifyOrderId,
      customerId: order.customerId,
      channel: named ? "influencer" : random.pick(OTHER_CHANNELS),
      influencerId: named,
      createdAt: answeredAt(order.orderCreatedAt),
    });
  }

  // Buyers who heard of an influencer and typed no code: a share of each influencer's own orders.
  let dark = 0n;
  for (const influencer of influencers) {
    const own = orders.filter((o) => o.influencerId === influencer.id);
    const share = 0.15 + random.next() * 0.5;
    for (const order of own) {
      if (!random.chance(share * 0.45)) continue;
      dark += 1n;
      const at = new Date(Math.min(order.orderCreatedAt.getTime() + random.int(1, 72) * 3_600_000, now.getTime()));
      const placed = { id: DARK_ID_BASE + dark, createdAt: new Date(at.getTime() - amounts.int(2, 15) * 60_000), sales: (amounts.int(2500, 14000) / 100).toFixed(2) };
      untracked.push(placed);
      await putEmulatorOrder(db, shop.domain, { id: placed.id, name: `#D${dark}`, createdAt: placed.createdAt, subtotal: placed.sales });
      const handle = influencer.handles[0]?.handle;
      const freeText = handle && random.chance(0.3) ? typed(handle) : null;
      const match = freeText ? matchInfluencer(freeText, candidates) : null;
      answers.push({
        shopId: shop.id,
        shopifyOrderId: DARK_ID_BASE + dark,
        channel: "influencer",
        influencerId: freeText ? null : influencer.id,
        freeText,
        matchedInfluencerId: match?.influencerId ?? null,
        matchScore: match ? match.score.toFixed(3) : null,
        confirmedAt: match && random.chance(0.6) ? answeredAt(at) : null,
        createdAt: at,
      });
    }
  }
  await db.surveyResponse.createMany({ data: answers });
  return { answers: answers.length, untracked };
}
