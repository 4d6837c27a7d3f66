import { parse } from "csv-parse/sync";
import prisma from "../db.server";
import type { ContentPost } from "../generated/prisma/client";
import type { MessageKey } from "../i18n/messages";
import { contentMetrics, EMV_METRICS, type ContentMetrics, type EmvMetric, type EmvRates, type PostFigures } from "../lib/content-metrics";
import { fieldErrorsOf } from "../lib/form-validation";
import { contentCsvRowSchema, POST_COUNTERS, type ContentPostInput } from "../lib/forms/content-post";
import { returnOnCost, type LinkFunnel } from "../lib/link-funnel";
import { Decimal, toDecimal } from "../lib/money";
import { dateColumn, type DateRange } from "../lib/shop-dates";
import { utmValue } from "../lib/tracking-links";
import { linkFunnels } from "./tracking-links.server";

/** Sponsored posts (ContentPost), their CSV import and the shop's EMV rates. Scoped by shop. */

export async function saveContentPost(shopId: string, input: ContentPostInput): Promise<{ ok: true } | { ok: false; fieldErrors: Record<string, MessageKey> }> {
  const influencer = await prisma.influencer.findFirst({ where: { id: input.influencerId, shopId }, select: { id: true } });
  if (!influencer) return { ok: false, fieldErrors: { influencerId: "validation.notFound" } };
  if (input.campaignId) {
    const campaign = await prisma.campaign.findFirst({ where: { id: input.campaignId, shopId }, select: { id: true } });
    if (!campaign) return { ok: false, fieldErrors: { campaignId: "validation.notFound" } };
  }
  if (input.trackingLinkId) {
    const link = await prisma.trackingLink.findFirst({ where: { id: input.trackingLinkId, shopId, influencerId: input.influencerId }, select: { id: true } });
    if (!link) return { ok: false, fieldErrors: { trackingLinkId: "validation.notFound" } };
  }
  await upsertPost(prisma, shopId, input);
  return { ok: true };
}

type Db = Parameters<Parameters<typeof prisma.$transaction>[0]>[0] | typeof prisma;

/** A post from the form (with its link, or none) or a CSV row (which leaves a post's link as it is). */
function upsertPost(db: Db, shopId: string, input: Omit<ContentPostInput, "trackingLinkId"> & { trackingLinkId?: string | null }) {
  const data = {
    influencerId: input.influencerId,
    campaignId: input.campaignId,
    trackingLinkId: input.trackingLinkId,
    platform: input.platform,
    postedOn: dateColumn(input.postedOn),
    cost: input.cost,
    ...Object.fromEntries(POST_COUNTERS.map((c) => [c, input[c]])),
  };
  return db.contentPost.upsert({
    where: { shopId_url: { shopId, url: input.url } },
    create: { shopId, url: input.url, ...data },
    update: data,
  });
}

export async function deleteContentPost(shopId: string, id: string) {
  const { count } = await prisma.contentPost.deleteMany({ where: { id, shopId } });
  return count > 0;
}

export interface RowError {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  errors: Record<string, MessageKey>;
}

export interface ImportResult {
  imported: number;
  rows: number;
  rowErrors: RowError[];
  /** The whole file was refused (not CSV, no header, too many rows). */
  fileError: MessageKey | null;
}

export const MAX_IMPORT_ROWS = 2000;

/** Header names as spreadsheets write them ("Video views", "video_views") → the field names. */
function headerKey(header: string): string {
  const compact = header.trim().toLowerCase().replace(/[^a-z]/g, "");
  const known: Record<string, string> = {
    influencer: "influencer",
    campaign: "campaign",
    platform: "platform",
    url: "url",
    posturl: "url",
    date: "postedOn",
    postedon: "postedOn",
    posted: "postedOn",
    cost: "cost",
    reach: "reach",
    impressions: "impressions",
    likes: "likes",
    comments: "comments",
    shares: "shares",
    saves: "saves",
    videoviews: "videoViews",
    views: "videoViews",
    linkclicks: "linkClicks",
    clicks: "linkClicks",
    hashtagmentions: "hashtagMentions",
    mentions: "hashtagMentions",
  };
  return known[compact] ?? `ignored:${header}`;
}

/**
 * Imports posts from CSV text. Each row is validated on its own; a bad row (bad number, date, URL,
 * unknown influencer or campaign, duplicate URL in the file) is reported by line and not imported,
 * the good rows are imported together in one transaction.
 */
export async function importContentCsv(shopId: string, text: string): Promise<ImportResult> {
  let records: Record<string, string>[];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), {
      columns: (header: string[]) => header.map(headerKey),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    }) as Record<string, string>[];
  } catch {
    return { imported: 0, rows: 0, rowErrors: [], fileError: "content.import.notCsv" };
  }
  if (records.length === 0) return { imported: 0, rows: 0, rowErrors: [], fileError: "content.import.empty" };
  if (records.length > MAX_IMPORT_ROWS) return { imported: 0, rows: records.length, rowErrors: [], fileError: "content.import.tooMany" };

  const [influencers, campaigns] = await Promise.all([
    prisma.influencer.findMany({ where: { shopId }, select: { id: true, name: true } }),
    prisma.campaign.findMany({ where: { shopId }, select: { id: true, name: true } }),
  ]);
  const byName = <T extends { name: string }>(rows: T[]) => new Map(rows.map((r) => [r.name.trim().toLowerCase(), r]));
  const influencerByName = byName(influencers);
  const campaignByName = byName(campaigns);

  const good: Omit<ContentPostInput, "trackingLinkId">[] = [];
  const rowErrors: RowError[] = [];
  const seenUrls = new Set<string>();
  records.forEach((record, index) => {
    const line = index + 2;
    const parsed = contentCsvRowSchema.safeParse(record);
    const errors: Record<string, MessageKey> = parsed.success ? {} : (fieldErrorsOf(parsed.error) as Record<string, MessageKey>);
    const influencer = record.influencer ? influencerByName.get(record.influencer.trim().toLowerCase()) : undefined;
    if (record.influencer && !influencer) errors.influencer ??= "content.import.unknownInfluencer";
    const campaignName = record.campaign?.trim();
    const campaign = campaignName ? campaignByName.get(campaignName.toLowerCase()) : undefined;
    if (campaignName && !campaign) errors.campaign ??= "content.import.unknownCampaign";
    if (parsed.success && seenUrls.has(parsed.data.url)) errors.url ??= "content.import.duplicate";
    if (!parsed.success || Object.keys(errors).length > 0 || !influencer) {
      rowErrors.push({ line, errors });
      return;
    }
    seenUrls.add(parsed.data.url);
    const { influencer: _i, campaign: _c, ...rest } = parsed.data;
    good.push({ ...rest, influencerId: influencer.id, campaignId: campaign?.id ?? null });
  });
  if (good.length > 0) {
    await prisma.$transaction(async (tx) => {
      for (const post of good) await upsertPost(tx, shopId, post);
    });
  }
  return { imported: good.length, rows: records.length, rowErrors, fileError: null };
}

export async function emvRates(shopId: string): Promise<EmvRates> {
  const rows = await prisma.emvRate.findMany({ where: { shopId } });
  const rates: EmvRates = {};
  for (const r of rows) if ((EMV_METRICS as readonly string[]).includes(r.metric)) rates[r.metric as EmvMetric] = toDecimal(r.rate);
  return rates;
}

export async function setEmvRates(shopId: string, rates: Record<EmvMetric, Decimal>) {
  await prisma.$transaction(
    EMV_METRICS.map((metric) =>
      prisma.emvRate.upsert({
        where: { shopId_metric: { shopId, metric } },
        create: { shopId, metric, rate: rates[metric] },
        update: { rate: rates[metric] },
      }),
    ),
  );
}

type PostRow = Pick<
  ContentPost,
  "reach" | "impressions" | "likes" | "comments" | "shares" | "saves" | "videoViews" | "linkClicks" | "hashtagMentions" | "cost"
>;

function postFigures(p: PostRow): PostFigures {
  return {
    reach: p.reach,
    impressions: p.impressions,
    likes: p.likes,
    comments: p.comments,
    shares: p.shares,
    saves: p.saves,
    videoViews: p.videoViews,
    linkClicks: p.linkClicks,
    hashtagMentions: p.hashtagMentions,
    cost: toDecimal(p.cost),
  };
}

/** A post's ROI on its own cost: (net sales through its link − cost) ÷ cost × 100; null without a cost. */
function postReturn(cost: { toString(): string }, funnel: LinkFunnel) {
  return { roiPercent: returnOnCost(funnel.netSales, cost) };
}

export interface ContentGroup {
  id: string;
  name: string;
  metrics: ContentMetrics;
}

/** Every post with its metrics, and the totals per influencer and per campaign. */
export async function contentReport(shopId: string) {
  const [posts, rates] = await Promise.all([
    prisma.contentPost.findMany({
      where: { shopId },
      include: {
        influencer: { select: { id: true, name: true } },
        campaign: { select: { id: true, name: true } },
        trackingLink: { select: { id: true, slug: true, clicks: true } },
      },
      orderBy: [{ postedOn: "desc" }, { createdAt: "desc" }],
      take: 500,
    }),
    emvRates(shopId),
  ]);
  const funnels = await linkFunnels(shopId, posts.flatMap((p) => (p.trackingLink ? [p.trackingLink] : [])));
  const figures = postFigures;
  const group = (key: (p: (typeof posts)[number]) => { id: string; name: string } | null): ContentGroup[] => {
    const groups = new Map<string, { name: string; posts: PostFigures[] }>();
    for (const p of posts) {
      const k = key(p);
      if (!k) continue;
      const g = groups.get(k.id) ?? { name: k.name, posts: [] };
      g.posts.push(figures(p));
      groups.set(k.id, g);
    }
    return [...groups].map(([id, g]) => ({ id, name: g.name, metrics: contentMetrics(g.posts, rates) })).sort((a, b) => a.name.localeCompare(b.name));
  };
  return {
    rates,
    posts: posts.map((p) => ({
      id: p.id,
      url: p.url,
      platform: p.platform,
      postedOn: p.postedOn.toISOString().slice(0, 10),
      influencer: p.influencer,
      campaign: p.campaign,
      metrics: contentMetrics([figures(p)], rates),
      // What the post's link brought, and the post's return on its own cost.
      link: p.trackingLink ? { slug: p.trackingLink.slug, funnel: funnels.get(p.trackingLink.id)!, ...postReturn(p.cost, funnels.get(p.trackingLink.id)!) } : null,
    })),
    byInfluencer: group((p) => p.influencer),
    byCampaign: group((p) => p.campaign),
  };
}

/**
 * A campaign's content figures over a date range: its sponsored posts (by posting date) and the
 * visits and clicks its tracking links brought (links carry the campaign as utm_campaign).
 */
export async function campaignContent(shopId: string, campaign: { id: string; name: string }, range: DateRange) {
  const days = { gte: dateColumn(range.from), lte: dateColumn(range.to) };
  const [posts, rates, traffic] = await Promise.all([
    prisma.contentPost.findMany({ where: { shopId, campaignId: campaign.id, postedOn: days } }),
    emvRates(shopId),
    prisma.trafficStat.aggregate({
      where: { shopId, campaign: utmValue(campaign.name), shopDate: days },
      _sum: { clicks: true, visits: true },
    }),
  ]);
  const metrics = contentMetrics(posts.map(postFigures), rates);
  return { metrics, linkClicks: traffic._sum.clicks ?? 0, visits: traffic._sum.visits ?? 0 };
}
