import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as settingsRoute from "../../app/routes/app.settings.email/route";
import { DAILY_SUMMARY, dailySummaryHandler, scheduleDueSummaries } from "../../app/services/daily-summary.server";
import { registerJobHandler, runPendingJobs } from "../../app/services/jobs.server";
import { RECONCILE } from "../../app/services/reconcile.server";
import { influencer } from "../support/factories";
import { applyToLedger, order } from "../support/orders";
import { callRoute, demoRouteTest } from "../support/routes";
import { startTestSmtpServer, type TestSmtpServer } from "../support/smtp";

/**
 * The owner's daily summary (decision 035), on an injected clock: due from 08:00 in the shop's own
 * time zone, once per day, only with news (failed sends, codes newly flagged as leaked, repairs),
 * retried without changing its content, and off when the owner turns it off.
 */

const { db, shop } = demoRouteTest();
let smtp: TestSmtpServer;
let now = new Date(0);
const at = (iso: string) => (now = new Date(iso));

beforeAll(async () => {
  smtp = await startTestSmtpServer({ user: "mailer@example.com", password: "pw-123456" });
  // Bangkok is UTC+7 all year: 08:00 there is 01:00 UTC.
  await db.prisma.shop.update({ where: { id: shop.id }, data: { ianaTimezone: "Asia/Bangkok" } });
});
afterAll(() => smtp.close());
beforeEach(() => {
  vi.stubEnv("CODETRAIL_ENCRYPTION_KEY", Buffer.alloc(32, 3).toString("base64"));
  vi.stubEnv("SMTP_ALLOW_PRIVATE_HOSTS", "1");
  smtp.rejectDataTimes = 0;
  registerJobHandler(DAILY_SUMMARY, dailySummaryHandler(() => now));
});

function post(form: Record<string, string>) {
  return callRoute<{ ok: boolean; message?: string; fieldErrors: Record<string, string> }>(settingsRoute.action, { path: "/app/settings/email", form });
}

function saveSmtp() {
  return post({ intent: "save", host: "127.0.0.1", port: String(smtp.port), security: "NONE", username: "mailer@example.com", password: "pw-123456", fromEmail: "hello@shop.example" });
}

async function runSummaries() {
  await db.prisma.backgroundJob.updateMany({ where: { status: "QUEUED" }, data: { runAfter: new Date(0) } });
  return runPendingJobs();
}

function summaryOf(date: string) {
  return db.prisma.dailySummary.findUnique({ where: { shopId_shopDate: { shopId: shop.id, shopDate: new Date(`${date}T00:00:00Z`) } } });
}

async function failedSend(name: string, email: string, failedAt: string, reason: string) {
  const person = await influencer(db.prisma, shop.id, { name, email });
  await db.prisma.outreachMessage.create({
    data: { shopId: shop.id, influencerId: person.id, code: `${name.split(" ")[0].toUpperCase()}10`, toEmail: email, subject: "Your code", locale: "en", status: "FAILED", attempts: 8, lastError: reason, failedAt: new Date(failedAt) },
  });
  return person;
}

describe("the owner's daily summary", () => {
  it("is refused without a mail server, and checks its address", async () => {
    expect((await post({ intent: "summary", dailySummary: "on", summaryTo: "owner@shop.example" })).status).toBe(400);
    expect(await db.prisma.emailSettings.count({ where: { shopId: shop.id } })).toBe(0);
    expect((await saveSmtp()).body.ok).toBe(true);
    const bad = await post({ intent: "summary", dailySummary: "on", summaryTo: "not an address" });
    expect(bad.status).toBe(400);
    expect(bad.body.fieldErrors).toEqual({ summaryTo: "validation.email" });
    expect((await db.prisma.emailSettings.findUniqueOrThrow({ where: { shopId: shop.id } })).summaryTo).toBeNull();
    const good = await post({ intent: "summary", dailySummary: "on", summaryTo: "owner@shop.example" });
    expect(good.body).toMatchObject({ ok: true, message: "summary.settings.saved" });
    expect(await db.prisma.emailSettings.findUniqueOrThrow({ where: { shopId: shop.id } })).toMatchObject({ dailySummary: true, summaryTo: "owner@shop.example" });
  });

  it("is due from 08:00 shop time, sent once a day, with failed sends, new leaks and repairs since the last one", async () => {
    // Before the window: an older failure the summary must not repeat.
    await failedSend("Old Failure", "old@example.com", "2026-06-08T10:00:00Z", "550 mailbox unavailable");
    await failedSend("Mira Bounce", "mira@example.com", "2026-06-09T15:00:00Z", "550 5.1.1 <mira@example.com>: user unknown");
    // A code that turned up on coupon sites in the last days.
    const omar = await influencer(db.prisma, shop.id, { name: "Omar Leak" });
    await db.prisma.discountCode.create({
      data: { shopId: shop.id, influencerId: omar.id, code: "LEAKY10", valueType: "PERCENTAGE", value: "10", startsAt: new Date("2026-01-01T00:00:00Z") },
    });
    const shopRow = await db.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } });
    for (let i = 0; i < 4; i++) {
      await applyToLedger(shopRow, order(900 + i, { createdAt: new Date(Date.UTC(2026, 5, 5 + i, 9)), codes: [{ code: "LEAKY10", amount: "5.00" }], referrerUrl: "https://www.retailmenot.com/view/demo" }));
    }
    // The hourly check repaired two orders yesterday.
    await db.prisma.backgroundJob.create({
      data: {
        shopId: shop.id, kind: RECONCILE, payload: { manual: false }, status: "SUCCEEDED", finishedAt: new Date("2026-06-09T20:00:00Z"),
        result: { fixed: { orders: 1, refunds: 1, cancellations: 0, updates: 0 }, fixes: [{ name: "#1001", changes: ["order"] }, { name: "#1002", changes: ["refund"] }] },
      },
    });

    expect(await scheduleDueSummaries(at("2026-06-10T00:59:00Z"))).toEqual([]);
    expect(await scheduleDueSummaries(at("2026-06-10T01:00:00Z"))).toEqual([shop.id]);
    await scheduleDueSummaries(at("2026-06-10T01:01:00Z"));
    expect(await db.prisma.backgroundJob.count({ where: { shopId: shop.id, kind: DAILY_SUMMARY } })).toBe(1);

    const before = smtp.received.length;
    await runSummaries();
    expect(smtp.received.length).toBe(before + 1);
    const mail = smtp.received.at(-1)!;
    expect(mail.envelope.to).toEqual(["owner@shop.example"]);
    expect(mail.parsed.subject).toBe(`${shop.name}: CodeTrail daily summary, June 10, 2026`);
    const text = mail.parsed.text ?? "";
    expect(text).toContain("1 email to an influencer could not be delivered");
    expect(text).toContain("To Mira Bounce (mira@example.com), code MIRA10: 550 5.1.1 <mira@example.com>: user unknown");
    expect(text).not.toContain("Old Failure");
    expect(text).toContain("1 code newly looks leaked");
    expect(text).toMatch(/LEAKY10 \(Omar Leak\) — 100% of the last 30 days' orders \(4 of 4\) came from coupon or deal sites/);
    expect(text).toContain("The hourly check repaired what webhooks missed: 1 missed order, 1 refund, 0 cancellations, 0 other changes");
    expect(text).toContain("#1001: missed order");
    expect(text).toContain("http://localhost:3999/app/leaks");
    expect(text).toContain("http://localhost:3999/app/settings/email");
    expect(String(mail.parsed.html)).toContain('dir="ltr"');
    expect(await summaryOf("2026-06-10")).toMatchObject({ status: "SENT", failedSends: 1, newLeaks: 1, repairs: 2, toEmail: "owner@shop.example" });

    // Later that day: the day is done.
    expect(await scheduleDueSummaries(at("2026-06-10T12:00:00Z"))).toEqual([]);

    // The next morning: the same leak is old news and nothing else happened: no email.
    at("2026-06-11T01:30:00Z");
    await scheduleDueSummaries(now);
    await runSummaries();
    expect(smtp.received.length).toBe(before + 1);
    expect(await summaryOf("2026-06-11")).toMatchObject({ status: "NOTHING", newLeaks: 0, failedSends: 0, repairs: 0, flaggedCodeIds: [expect.any(String)] });

    // The page says what the last one did.
    const page = await callRoute<{ lastSummary: { status: string; shopDate: string } }>(settingsRoute.loader, { path: "/app/settings/email" });
    expect(page.body.lastSummary).toMatchObject({ status: "NOTHING", shopDate: "2026-06-11" });
  });

  it("keeps its content through a retry when the mail server is down, in the owner's language", async () => {
    await db.prisma.shop.update({ where: { id: shop.id }, data: { primaryLocale: "he" } });
    await failedSend("Dana Retry", "dana@example.com", "2026-06-11T20:00:00Z", "421 try later");
    smtp.rejectDataTimes = 1;
    at("2026-06-12T02:00:00Z");
    await scheduleDueSummaries(now);
    const before = smtp.received.length;
    await runSummaries();
    expect(smtp.received.length).toBe(before);
    expect(await summaryOf("2026-06-12")).toMatchObject({ status: "PENDING", failedSends: 1 });
    // A failure found after the first attempt belongs to tomorrow's summary, not to this retry.
    await failedSend("Late Failure", "late@example.com", "2026-06-12T02:30:00Z", "550 no");
    at("2026-06-12T03:00:00Z");
    await runSummaries();
    expect(smtp.received.length).toBe(before + 1);
    const mail = smtp.received.at(-1)!;
    expect(mail.parsed.subject).toContain("סיכום יומי של CodeTrail");
    expect(mail.parsed.text).toContain("dana@example.com");
    expect(mail.parsed.text).not.toContain("late@example.com");
    expect(mail.parsed.text).not.toContain("LEAKY10");
    expect(String(mail.parsed.html)).toContain('dir="rtl"');
    expect(await summaryOf("2026-06-12")).toMatchObject({ status: "SENT" });
    await db.prisma.shop.update({ where: { id: shop.id }, data: { primaryLocale: "en" } });
  });

  it("can be turned off, and then is neither queued nor sent", async () => {
    const off = await post({ intent: "summary", summaryTo: "owner@shop.example" });
    expect(off.body.ok).toBe(true);
    expect(await db.prisma.emailSettings.findUniqueOrThrow({ where: { shopId: shop.id } })).toMatchObject({ dailySummary: false, summaryTo: "owner@shop.example" });
    await failedSend("Off Failure", "off@example.com", "2026-06-12T20:00:00Z", "550 no");
    expect(await scheduleDueSummaries(at("2026-06-13T01:00:00Z"))).toEqual([]);
    // A job queued before the switch was turned off sends nothing either.
    await db.prisma.backgroundJob.create({ data: { shopId: shop.id, kind: DAILY_SUMMARY, payload: { shopDate: "2026-06-13" }, dedupeKey: "2026-06-13" } });
    const before = smtp.received.length;
    await runSummaries();
    expect(smtp.received.length).toBe(before);
    expect(await summaryOf("2026-06-13")).toBeNull();
  });
});
