import prisma from "../db.server";
import type { DailySummary } from "../generated/prisma/client";
import type { RepairChange, SummaryFailedSend, SummaryLeak, SummaryRepairs } from "../lib/daily-summary";
import { dateColumn, type IsoDate } from "../lib/shop-dates";
import { flaggedCodes } from "./leaks.server";

/**
 * The owner's daily summaries (decision 035): one DailySummary row per shop-local day, claimed
 * before the email is sent, and the facts a summary reports. Every query is scoped by shop.
 */

/** Shops that may be due: installed, with email settings and the summary on. */
export function shopsWithSummaryOn() {
  return prisma.shop.findMany({
    where: { uninstalledAt: null, emailSettings: { is: { dailySummary: true } } },
    select: { id: true, ianaTimezone: true },
    orderBy: { id: "asc" },
  });
}

/** The shops among `shopIds` that already have a summary row for their own day. */
export async function summarisedDays(days: { shopId: string; shopDate: IsoDate }[]): Promise<Set<string>> {
  if (!days.length) return new Set();
  const rows = await prisma.dailySummary.findMany({
    where: { OR: days.map((d) => ({ shopId: d.shopId, shopDate: dateColumn(d.shopDate) })) },
    select: { shopId: true },
  });
  return new Set(rows.map((row) => row.shopId));
}

export function findSummary(shopId: string, shopDate: IsoDate) {
  return prisma.dailySummary.findUnique({ where: { shopId_shopDate: { shopId, shopDate: dateColumn(shopDate) } } });
}

/** The latest summary before `shopDate`: where the next one starts and which leaks it reported. */
export function previousSummary(shopId: string, shopDate: IsoDate) {
  return prisma.dailySummary.findFirst({ where: { shopId, shopDate: { lt: dateColumn(shopDate) } }, orderBy: { shopDate: "desc" } });
}

export function latestSummary(shopId: string) {
  return prisma.dailySummary.findFirst({ where: { shopId }, orderBy: { shopDate: "desc" } });
}

/**
 * Claims the day: the row is created once (primary key shop + day), so two schedulers or a retried
 * job never report the same day twice. Returns the day's row, new or already there.
 */
export async function claimSummaryDay(
  shopId: string,
  shopDate: IsoDate,
  data: Pick<DailySummary, "since" | "until" | "failedSends" | "newLeaks" | "repairs" | "flaggedCodeIds" | "toEmail">,
): Promise<DailySummary> {
  return prisma.dailySummary.upsert({
    where: { shopId_shopDate: { shopId, shopDate: dateColumn(shopDate) } },
    create: { shopId, shopDate: dateColumn(shopDate), ...data, status: data.failedSends + data.newLeaks + data.repairs ? "PENDING" : "NOTHING" },
    update: {},
  });
}

export function markSummarySent(shopId: string, shopDate: IsoDate, sent: { messageId: string; sentAt: Date }) {
  return prisma.dailySummary.update({
    where: { shopId_shopDate: { shopId, shopDate: dateColumn(shopDate) } },
    data: { status: "SENT", messageId: sent.messageId, sentAt: sent.sentAt },
  });
}

/** Emails to influencers whose last attempt failed in (since, until]. */
export async function failedSendsBetween(shopId: string, since: Date, until: Date): Promise<SummaryFailedSend[]> {
  const rows = await prisma.outreachMessage.findMany({
    where: { shopId, status: "FAILED", failedAt: { gt: since, lte: until } },
    select: { influencerId: true, toEmail: true, code: true, lastError: true, influencer: { select: { name: true } } },
    orderBy: [{ failedAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({ influencerId: row.influencerId, influencerName: row.influencer.name, toEmail: row.toEmail, code: row.code, reason: row.lastError }));
}

/** The shop's codes flagged as leaked at `now` (app/models/leaks.server.ts). */
export async function flaggedNow(shopId: string, now: Date): Promise<SummaryLeak[]> {
  return (await flaggedCodes(shopId, now)).map((code) => ({ codeId: code.id, code: code.code, influencerName: code.influencerName, signals: code.signals }));
}

interface StoredReconcile {
  fixed?: { orders?: number; refunds?: number; cancellations?: number; updates?: number };
  fixes?: { name: string; changes: RepairChange[] }[];
}

/** What the reconciliation jobs of `kind` that finished in (since, until] repaired, summed. */
export async function repairsBetween(shopId: string, kind: string, since: Date, until: Date, examples = 50): Promise<SummaryRepairs> {
  const jobs = await prisma.backgroundJob.findMany({
    where: { shopId, kind, status: "SUCCEEDED", finishedAt: { gt: since, lte: until } },
    select: { result: true },
    orderBy: [{ finishedAt: "asc" }, { id: "asc" }],
  });
  const repairs: SummaryRepairs = { orders: 0, refunds: 0, cancellations: 0, updates: 0, examples: [] };
  for (const job of jobs) {
    const stored = (job.result ?? {}) as StoredReconcile;
    repairs.orders += stored.fixed?.orders ?? 0;
    repairs.refunds += stored.fixed?.refunds ?? 0;
    repairs.cancellations += stored.fixed?.cancellations ?? 0;
    repairs.updates += stored.fixed?.updates ?? 0;
    for (const fix of stored.fixes ?? []) if (repairs.examples.length < examples) repairs.examples.push(fix);
  }
  return repairs;
}

export function saveSummarySettings(shopId: string, input: { dailySummary: boolean; summaryTo: string | null }) {
  return prisma.emailSettings.updateMany({ where: { shopId }, data: input });
}
