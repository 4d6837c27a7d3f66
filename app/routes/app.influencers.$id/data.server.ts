import type { DateRange } from "../../lib/shop-dates";
import { shopDateOf } from "../../lib/shop-dates";
import { campaignOptions } from "../../models/campaigns.server";
import { getCommissionRule, listCommissionTerms } from "../../models/commission-rules.server";
import { listCosts, totalCost } from "../../models/costs.server";
import { getInfluencer } from "../../models/influencers.server";
import { influencerBalance, listStatements } from "../../models/payouts.server";
import { resultsFor } from "../../models/results.server";
import type { ShopRecord } from "../../models/shop.server";
import { shareableLink } from "../../services/discount-codes.server";

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The balance's figures as 2-decimal strings for the page. */
function payoutFigures(b: NonNullable<Awaited<ReturnType<typeof influencerBalance>>>) {
  return {
    accrued: b.accrued.toFixed(2),
    held: b.held.toFixed(2),
    payable: b.payable.toFixed(2),
    approved: b.approved.toFixed(2),
    paid: b.paid.toFixed(2),
    adjustments: b.adjustments.toFixed(2),
  };
}

/** Everything the influencer page shows, serialized (money and rates as decimal strings), or null for an unknown id. */
export async function influencerPageData(shop: ShopRecord, id: string, range: DateRange, now = new Date()) {
  const influencer = await getInfluencer(shop.id, id);
  if (!influencer) return null;
  const today = shopDateOf(now, shop.ianaTimezone);
  const [costs, rule, terms, campaigns, results, balance, statements] = await Promise.all([
    listCosts(shop.id, influencer.id),
    getCommissionRule(shop.id, { influencerId: influencer.id }),
    listCommissionTerms(shop.id, { influencerId: influencer.id }),
    campaignOptions(shop.id),
    resultsFor({ shopId: shop.id, range, influencerId: influencer.id }),
    influencerBalance(shop.id, influencer.id, now),
    listStatements(shop.id, influencer.id),
  ]);
  // A new cost is most likely for the campaign the influencer is working on today (the latest
  // started of those running), so the form starts there rather than on "No campaign".
  const running = influencer.campaigns
    .map((m) => m.campaign)
    .filter((c) => day(c.startsOn) <= today && (!c.endsOn || day(c.endsOn) >= today))
    .sort((a, b) => b.startsOn.getTime() - a.startsOn.getTime() || a.name.localeCompare(b.name))[0];
  return {
    currency: shop.currencyCode,
    today,
    results,
    runningCampaignId: running?.id ?? null,
    influencer: {
      id: influencer.id,
      name: influencer.name,
      email: influencer.email,
      notes: influencer.notes,
      status: influencer.status,
      language: influencer.language,
      updatedAt: influencer.updatedAt.toISOString(),
      handles: Object.fromEntries(influencer.handles.map((h) => [h.platform, h.handle])),
    },
    memberships: influencer.campaigns.map((m) => ({
      id: m.campaign.id,
      name: m.campaign.name,
      startsOn: day(m.campaign.startsOn),
      endsOn: m.campaign.endsOn ? day(m.campaign.endsOn) : null,
    })),
    campaigns,
    costs: costs.map((c) => ({
      id: c.id,
      kind: c.kind,
      amount: c.amount.toFixed(4),
      originalAmount: c.originalAmount?.toFixed(4) ?? null,
      originalCurrency: c.originalCurrency,
      exchangeRate: c.exchangeRate?.toFixed(8) ?? null,
      incurredOn: day(c.incurredOn),
      note: c.note,
      campaign: c.campaign,
    })),
    codes: influencer.discountCodes.map((c) => ({
      id: c.id,
      code: c.code,
      valueType: c.valueType,
      value: c.value.toDecimalPlaces(4).toString(),
      status: c.status,
      syncState: c.syncState,
      syncError: c.syncError,
      linkedExisting: c.linkedExisting,
      startsAt: shopDateOf(c.startsAt, shop.ianaTimezone),
      endsAt: c.endsAt ? shopDateOf(c.endsAt, shop.ianaTimezone) : null,
      campaign: c.campaign,
      link: shareableLink(shop.domain, c.code),
    })),
    totalCost: totalCost(costs).toFixed(4),
    commission: rule ? { kind: rule.kind, rate: rule.rate.toDecimalPlaces(4).toString() } : null,
    terms,
    payouts: {
      holdDays: balance?.holdDays ?? 30,
      nextRelease: balance?.nextRelease ?? null,
      balance: balance ? payoutFigures(balance) : null,
      statements,
    },
  };
}
