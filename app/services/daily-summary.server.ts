import { z } from "zod";
import prisma from "../db.server";
import { appConfig, encryptionKeyFallback, smtpOutboundPolicy } from "../config.server";
import { shopLocale } from "./outreach-content.server";
import { translator } from "../i18n/translate";
import { composeDailySummary, newlyFlagged, repairCount, SUMMARY_HOUR } from "../lib/daily-summary";
import { log } from "../lib/logger.server";
import { shopLocalTime } from "../lib/shop-days.server";
import {
  claimSummaryDay,
  failedSendsBetween,
  findSummary,
  flaggedNow,
  markSummarySent,
  previousSummary,
  repairsBetween,
  shopsWithSummaryOn,
  summarisedDays,
} from "../models/daily-summary.server";
import { credentialsOf } from "../models/email-settings.server";
import { emailSettingsOf, prepareMailServer } from "./email-settings.server";
import { enqueueJob, hoursBackoff, registerJobHandler, type JobHandler } from "./jobs.server";
import { RECONCILE } from "./reconcile.server";
import { sendSmtpMail } from "./smtp.server";

/**
 * The owner's daily summary (decision 035). A scheduler looks once a minute for shops whose day has
 * reached SUMMARY_HOUR (their own time zone) without a summary, and queues one job per shop and day
 * (dedupe key: the day). The job claims the day (a DailySummary row), gathers what happened since
 * the previous summary and, when there is something, emails it through the shop's SMTP server,
 * retried over about two hours like the influencers' emails.
 */

export const DAILY_SUMMARY = "owner-daily-summary";
const DAY_MS = 24 * 60 * 60 * 1000;

const payloadSchema = z.object({ shopDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

/** Queues the summary of every shop whose day is due at `now`. Returns the shops queued. */
export async function scheduleDueSummaries(now: Date, hour = SUMMARY_HOUR): Promise<string[]> {
  const shops = await shopsWithSummaryOn();
  const due = shops
    .map((shop) => ({ shopId: shop.id, ...shopLocalTime(now, shop.ianaTimezone) }))
    .filter((local) => local.hour >= hour)
    .map((local) => ({ shopId: local.shopId, shopDate: local.date }));
  const done = await summarisedDays(due);
  const queued: string[] = [];
  for (const day of due) {
    if (done.has(day.shopId)) continue;
    await enqueueJob(day.shopId, DAILY_SUMMARY, { shopDate: day.shopDate }, { dedupeKey: day.shopDate, maxAttempts: 8 });
    queued.push(day.shopId);
  }
  return queued;
}

/** Links in the email open the page inside the Shopify admin (the demo: the app itself). */
function adminLinks(shopDomain: string) {
  const config = appConfig();
  if (config.demo) return (path: string) => new URL(path, config.appUrl).toString();
  const store = shopDomain.replace(/\.myshopify\.com$/, "");
  return (path: string) => `https://admin.shopify.com/store/${encodeURIComponent(store)}/apps/${encodeURIComponent(config.apiKey)}${path}`;
}

export function dailySummaryHandler(clock: () => Date = () => new Date()): JobHandler {
  return async ({ job }) => {
    const { shopDate } = payloadSchema.parse(job.payload);
    const shop = await prisma.shop.findUniqueOrThrow({ where: { id: job.shopId } });
    const settings = await emailSettingsOf(shop);
    if (!settings?.dailySummary || shop.uninstalledAt) return { skipped: "the daily summary is off" };

    let day = await findSummary(shop.id, shopDate);
    if (day && day.status !== "PENDING") return { skipped: `already ${day.status.toLowerCase()}` };
    const previous = await previousSummary(shop.id, shopDate);
    // A retry reports the window its first attempt claimed (the row), so the email does not
    // change between attempts; the next day's summary starts where this one ended.
    const since = day?.since ?? previous?.until ?? new Date(clock().getTime() - DAY_MS);
    const until = day?.until ?? clock();
    const [failedSends, flagged, repairs] = await Promise.all([
      failedSendsBetween(shop.id, since, until),
      flaggedNow(shop.id, until),
      repairsBetween(shop.id, RECONCILE, since, until),
    ]);
    const newLeaks = newlyFlagged(flagged, previous?.flaggedCodeIds ?? []);
    day ??= await claimSummaryDay(shop.id, shopDate, {
      since,
      until,
      failedSends: failedSends.length,
      newLeaks: newLeaks.length,
      repairs: repairCount(repairs),
      flaggedCodeIds: flagged.map((leak) => leak.codeId),
      toEmail: settings.summaryTo ?? settings.fromEmail,
    });
    if (day.status !== "PENDING") return { status: day.status };
    const resolved = shopLocale(shop.primaryLocale);
    const composed = composeDailySummary(
      { shopName: shop.name, day: shopDate, since, failedSends, newLeaks, repairs },
      { resolved, t: translator(resolved), timeZone: shop.ianaTimezone, adminUrl: adminLinks(shop.domain) },
    );
    await prepareMailServer(settings);
    const { server, password } = credentialsOf(settings, encryptionKeyFallback());
    const to = day.toEmail ?? settings.fromEmail;
    const sent = await sendSmtpMail(
      server,
      password,
      { from: { name: "CodeTrail", address: settings.fromEmail }, to, subject: composed.subject, text: composed.text, html: composed.html, headers: { "X-CodeTrail-Summary": `${shop.id}/${shopDate}` } },
      smtpOutboundPolicy(),
    );
    await markSummarySent(shop.id, shopDate, { messageId: sent.messageId, sentAt: clock() });
    return { status: "SENT", to, messageId: sent.messageId };
  };
}

registerJobHandler(DAILY_SUMMARY, dailySummaryHandler(), { payload: payloadSchema, backoff: hoursBackoff });

let scheduler: ReturnType<typeof setInterval> | undefined;

/** Looks for due summaries once a minute in this process (started by the server, not in tests). */
export function startDailySummaryScheduler(intervalMs = 60_000) {
  if (scheduler) return;
  scheduler = setInterval(() => {
    scheduleDueSummaries(new Date()).catch((error) => log.error({ err: error }, "daily summary scheduler failed"));
  }, intervalMs);
  scheduler.unref();
}

export function stopDailySummaryScheduler() {
  if (scheduler) clearInterval(scheduler);
  scheduler = undefined;
}
