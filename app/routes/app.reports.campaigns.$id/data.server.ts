import { Decimal } from "../../lib/money";
import type { ReportQuery } from "../../lib/report-params";
import { serializeMetrics } from "../../lib/serialize";
import { campaignContent } from "../../models/content.server";
import { campaignRows, costsWithoutCampaign, filterOptions, influencerRows, sortInfluencers, sumOf } from "../../models/reports.server";
import type { ShopRecord } from "../../models/shop.server";

/** The campaign report's figures for the query, serialized (money as decimal strings), or null for an unknown campaign. */
export async function campaignReportData(shop: ShopRecord, campaignId: string, query: ReportQuery) {
  const [campaign] = await campaignRows({ shopId: shop.id, range: query.range, campaignId, platform: query.platform });
  if (!campaign) return null;
  const [influencers, options, content, leftOut] = await Promise.all([
    influencerRows({ shopId: shop.id, range: query.range, campaignId: campaign.id, platform: query.platform }, { withRepeat: false }),
    filterOptions(shop.id),
    campaignContent(shop.id, campaign, query.range),
    costsWithoutCampaign({ shopId: shop.id, range: query.range, campaignId: campaign.id, platform: query.platform }),
  ]);
  const impressions = new Decimal(content.metrics.impressions);
  const fixed = (d: Decimal | null, places = 2) => (d ? d.toFixed(places) : null);
  return {
    currency: shop.currencyCode,
    costsWithoutCampaign: sumOf(leftOut.values()).toFixed(2),
    query,
    options,
    campaign: {
      id: campaign.id,
      name: campaign.name,
      goal: campaign.goal,
      startsOn: campaign.startsOn,
      endsOn: campaign.endsOn,
      budget: campaign.budget?.toFixed(2) ?? null,
      spend: campaign.spend.toFixed(2),
      // Display only (the progress bar): a percentage of the budget, capped for the bar.
      budgetUsedPercent: campaign.budget && !campaign.budget.isZero() ? campaign.spend.div(campaign.budget).times(100).toFixed(1) : null,
      metrics: serializeMetrics(campaign.metrics),
    },
    // Reach and engagement come from the sponsored posts the owner records (Content page);
    // clicks and visits from the campaign's tracking links. No posts and no traffic: not tracked.
    content:
      content.metrics.posts === 0 && content.visits === 0 && content.linkClicks === 0
        ? null
        : {
            reach: content.metrics.reach,
            impressions: content.metrics.impressions,
            cpm: fixed(impressions.isZero() ? null : campaign.metrics.cost.div(impressions).times(1000)),
            emv: content.metrics.emv.toFixed(2),
            clicks: content.metrics.linkClicks + content.linkClicks,
            ctr: fixed(content.metrics.ctrPercent, 1),
            visits: content.visits,
            engagement: fixed(content.metrics.engagementRatePercent, 1),
          },
    influencers: sortInfluencers(influencers, "roi", "desc").map((r) => ({ id: r.id, name: r.name, metrics: serializeMetrics(r.metrics) })),
  };
}
