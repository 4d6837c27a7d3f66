import { z } from "zod";
import type { MessageKey } from "../../i18n/messages";
import { EMV_METRICS } from "../content-metrics";
import { decimalField, optionalId, requiredDate, requiredText } from "../form-validation";
import { LINK_PLATFORMS } from "./tracking-link";

/** The counters a post records; the CSV columns carry the same names. */
export const POST_COUNTERS = ["reach", "impressions", "likes", "comments", "shares", "saves", "videoViews", "linkClicks", "hashtagMentions"] as const;
export type PostCounter = (typeof POST_COUNTERS)[number];

const MAX_COUNT = 2_000_000_000;

/** A whole, non-negative count; blank means 0. */
export const countField = z.preprocess(
  (v) => (v === undefined || v === null || (typeof v === "string" && v.trim() === "") ? "0" : v),
  z
    .string()
    .trim()
    .transform((s) => s.replace(/[,\s_]/g, ""))
    .refine((s) => /^\d+$/.test(s), "content.error.count" satisfies MessageKey)
    .transform((s) => Number(s))
    .refine((n) => n <= MAX_COUNT, "content.error.countTooLarge" satisfies MessageKey),
);

const url = z
  .string({ error: "validation.required" satisfies MessageKey })
  .trim()
  .min(1, "validation.required" satisfies MessageKey)
  .max(2000, "validation.tooLong" satisfies MessageKey)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === "https:" || u.protocol === "http:";
    } catch {
      return false;
    }
  }, "content.error.url" satisfies MessageKey);

const platform = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().toUpperCase() : v),
  z.enum(LINK_PLATFORMS, { error: "validation.choice" satisfies MessageKey }),
);

const counters = Object.fromEntries(POST_COUNTERS.map((c) => [c, countField])) as Record<PostCounter, typeof countField>;

const cost = z.preprocess(
  (v) => (v === undefined || v === null || (typeof v === "string" && v.trim() === "") ? "0" : v),
  decimalField({ allowZero: true }),
);

/** The form: influencer and campaign by id. */
export const contentPostSchema = z.object({
  influencerId: requiredText(64),
  campaignId: optionalId,
  /** The influencer's tracking link the post carries (its funnel is the post's). */
  trackingLinkId: optionalId,
  platform,
  url,
  postedOn: requiredDate,
  cost,
  ...counters,
});

/** A CSV row: influencer and campaign by name (what a spreadsheet has). */
export const contentCsvRowSchema = z.object({
  influencer: requiredText(200),
  campaign: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(200).optional()),
  platform,
  url,
  postedOn: requiredDate,
  cost,
  ...counters,
});

export type ContentPostInput = z.output<typeof contentPostSchema>;

/** The EMV rate table form: one decimal per metric, blank = 0. */
export const emvRatesSchema = z.object(
  Object.fromEntries(EMV_METRICS.map((m) => [m, cost])) as Record<(typeof EMV_METRICS)[number], typeof cost>,
);
