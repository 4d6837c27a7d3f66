import { z } from "zod";
import prisma from "../db.server";
import type { MessageKey } from "../i18n/messages";
import { credentialsOf } from "../models/email-settings.server";
import { emailSettingsOf, prepareMailServer } from "./email-settings.server";
import type { ShopRecord } from "../models/shop.server";
import { enqueueJob, hoursBackoff, registerJobHandler, type JobHandler } from "./jobs.server";
import { composeEmail, loadOutreachMaterial } from "./outreach-content.server";
import { describeSmtpError, sendSmtpMail } from "./smtp.server";
import { encryptionKeyFallback, smtpOutboundPolicy } from "../config.server";

/**
 * "Send code": an OutreachMessage row per email and a background job that sends it through the
 * shop's SMTP server, retried with exponential backoff over about two hours (hoursBackoff, jobs.server.ts). The row tells the owner
 * what happened: queued, retrying (with the server's reason), sent (the server's reply and the
 * message id) or failed after the last attempt (and can be queued again).
 */

export const OUTREACH_EMAIL = "send-outreach-email";
/** Attempts of one email, retried 1 min, 2, 4 … 64 min and 2 h apart: about 2 hours in all (hoursBackoff). */
export const OUTREACH_MAX_ATTEMPTS = 8;

export type QueueResult =
  | { ok: true; messageId: string }
  | { ok: false; error: MessageKey };

async function queueMessage(
  shop: ShopRecord,
  row: { influencerId: string; discountCodeId: string; code: string; toEmail: string; subject: string; locale: string },
) {
  return prisma.$transaction(async (tx) => {
    const message = await tx.outreachMessage.create({ data: { shopId: shop.id, ...row } });
    const job = await enqueueJob(shop.id, OUTREACH_EMAIL, { messageId: message.id }, { total: 1, maxAttempts: OUTREACH_MAX_ATTEMPTS, tx });
    await tx.outreachMessage.update({ where: { id: message.id }, data: { jobId: job.id } });
    return message;
  });
}

/**
 * Queues the email with an influencer's code. Refuses, changing nothing, when the influencer has
 * no email address or no sendable code, or the shop has no SMTP settings. `null`: no such
 * influencer in this shop.
 */
export async function queueOutreachEmail(
  shop: ShopRecord,
  influencerId: string,
  options: { codeId?: string | null; campaignId?: string | null } = {},
): Promise<QueueResult | null> {
  const loaded = await loadOutreachMaterial(shop, influencerId, options);
  if (!loaded.ok) return loaded.reason === "notFound" ? null : { ok: false, error: "outreach.error.noCode" };
  if (!loaded.email) return { ok: false, error: "outreach.error.noEmail" };
  if (!(await emailSettingsOf(shop))) return { ok: false, error: "outreach.error.noSettings" };
  const composed = composeEmail(loaded.material);
  const message = await queueMessage(shop, {
    influencerId: loaded.influencerId,
    discountCodeId: loaded.codeId,
    code: loaded.material.code.code,
    toEmail: loaded.email,
    subject: composed.subject,
    locale: composed.locale,
  });
  return { ok: true, messageId: message.id };
}

export interface CampaignQueueResult {
  queued: number;
  noEmail: string[];
  noCode: string[];
}

/** "Send codes" for a campaign: one email per member with an address and a code. */
export async function queueCampaignOutreach(shop: ShopRecord, campaignId: string): Promise<CampaignQueueResult | { error: MessageKey } | null> {
  const campaign = await prisma.campaign.findFirst({
    where: { id: campaignId, shopId: shop.id },
    select: { id: true, influencers: { select: { influencer: { select: { id: true, name: true, status: true } } } } },
  });
  if (!campaign) return null;
  if (!(await emailSettingsOf(shop))) return { error: "outreach.error.noSettings" };
  const result: CampaignQueueResult = { queued: 0, noEmail: [], noCode: [] };
  const members = campaign.influencers.map((m) => m.influencer).filter((i) => i.status !== "ARCHIVED").sort((a, b) => a.name.localeCompare(b.name));
  for (const member of members) {
    const queued = await queueOutreachEmail(shop, member.id, { campaignId });
    if (!queued) continue;
    if (queued.ok) result.queued += 1;
    else if (queued.error === "outreach.error.noEmail") result.noEmail.push(member.name);
    else result.noCode.push(member.name);
  }
  return result;
}

/** Queues a failed message again (a new job, the same message row). */
export async function retryOutreachMessage(shopId: string, messageId: string): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const message = await tx.outreachMessage.findFirst({ where: { id: messageId, shopId, status: "FAILED" } });
    if (!message) return false;
    const job = await enqueueJob(shopId, OUTREACH_EMAIL, { messageId }, { total: 1, maxAttempts: OUTREACH_MAX_ATTEMPTS, tx });
    await tx.outreachMessage.update({ where: { id: messageId }, data: { status: "QUEUED", failedAt: null, jobId: job.id } });
    return true;
  });
}

export function listOutreachMessages(shopId: string, influencerId: string, take = 20) {
  return prisma.outreachMessage.findMany({
    where: { shopId, influencerId },
    orderBy: [{ queuedAt: "desc" }, { id: "asc" }],
    take,
  });
}

/** The job: builds the email now (fresh links, the portal token never stored) and sends it. */
export const outreachEmailHandler: JobHandler = async ({ job, progress }) => {
  const { messageId } = job.payload as { messageId: string };
  const message = await prisma.outreachMessage.findFirst({ where: { id: messageId, shopId: job.shopId } });
  if (!message || message.status === "SENT") return { skipped: true };
  try {
    const shop = await prisma.shop.findUniqueOrThrow({ where: { id: job.shopId } });
    const settings = await emailSettingsOf(shop);
    if (!settings) throw new Error("No email settings: enter the SMTP server in Settings → Email.");
    await prepareMailServer(settings);
    const loaded = await loadOutreachMaterial(shop, message.influencerId, { codeId: message.discountCodeId });
    if (!loaded.ok) throw new Error(`The code ${message.code} can no longer be sent (paused, ended or deleted).`);
    const composed = composeEmail(loaded.material);
    const { server, password } = credentialsOf(settings, encryptionKeyFallback());
    const sent = await sendSmtpMail(server, password, {
      from: { name: shop.name, address: settings.fromEmail },
      to: message.toEmail,
      subject: composed.subject,
      text: composed.text,
      html: composed.html,
      headers: { "X-CodeTrail-Message": message.id },
    }, smtpOutboundPolicy());
    await prisma.outreachMessage.update({
      where: { id: message.id },
      data: {
        status: "SENT",
        attempts: { increment: 1 },
        sentAt: new Date(),
        messageId: sent.messageId,
        smtpResponse: sent.response.slice(0, 1000),
        lastError: null,
        subject: composed.subject,
      },
    });
    await progress({ done: 1 });
    return { messageId: sent.messageId, response: sent.response };
  } catch (error) {
    const reason = describeSmtpError(error);
    const last = job.attempts >= job.maxAttempts;
    await prisma.outreachMessage.update({
      where: { id: message.id },
      data: { status: last ? "FAILED" : "RETRYING", attempts: { increment: 1 }, lastError: reason, ...(last ? { failedAt: new Date() } : {}) },
    });
    throw new Error(reason);
  }
};

registerJobHandler(OUTREACH_EMAIL, outreachEmailHandler, { payload: z.object({ messageId: z.string().min(1) }), backoff: hoursBackoff });
