import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { encryptionKeyFallback, portalSecret } from "../../app/config.server";
import { open } from "../../app/lib/secret-box.server";
import { issuePortalToken } from "../../app/models/portal.server";
import { createTrackingLink } from "../../app/models/tracking-links.server";
import * as campaignRoute from "../../app/routes/app.campaigns.$id.outreach";
import * as campaignPage from "../../app/routes/app.campaigns.$id";
import * as outreachRoute from "../../app/routes/app.influencers.$id.outreach";
import * as settingsRoute from "../../app/routes/app.settings.email/route";
import { runPendingJobs } from "../../app/services/jobs.server";
import { DM_MAX_LENGTH } from "../../app/services/outreach-content.server";
import { OUTREACH_MAX_ATTEMPTS, queueOutreachEmail } from "../../app/services/outreach.server";
import { campaign, influencer, otherShop } from "../support/factories";
import { callRoute, demoRouteTest } from "../support/routes";
import { startTestSmtpServer, type TestSmtpServer } from "../support/smtp";

const KEY = Buffer.alloc(32, 7).toString("base64");
const USER = "mailer@example.com";
const PASSWORD = "s3cret-Pa55word!";

const { db, shop } = demoRouteTest();
let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startTestSmtpServer({ user: USER, password: PASSWORD });
});
afterAll(() => smtp.close());
beforeEach(() => {
  vi.stubEnv("CODETRAIL_ENCRYPTION_KEY", KEY);
  // The test server listens on loopback: allowed only with the self-hosting setting
  // (tests/outreach/smtp-outbound.test.ts covers the default, which refuses it).
  vi.stubEnv("SMTP_ALLOW_PRIVATE_HOSTS", "1");
  smtp.rejectRecipient = null;
  smtp.rejectDataTimes = 0;
});

function saveSettings(fields: Record<string, string> = {}) {
  return callRoute<{ ok: boolean; fieldErrors: Record<string, string> }>(settingsRoute.action, {
    path: "/app/settings/email",
    form: {
      intent: "save",
      host: "127.0.0.1",
      port: String(smtp.port),
      security: "NONE",
      username: USER,
      password: PASSWORD,
      fromEmail: "hello@shop.example",
      ...fields,
    },
  });
}

async function influencerWithCode(overrides: { email?: string | null; name?: string } = {}) {
  const person = await influencer(db.prisma, shop.id, { name: overrides.name, email: overrides.email });
  const code = await db.prisma.discountCode.create({
    data: {
      shopId: shop.id,
      influencerId: person.id,
      code: `CODE${person.id.slice(0, 6).toUpperCase()}`,
      valueType: "PERCENTAGE",
      value: "15",
      minimumRequirement: "SUBTOTAL",
      minimumValue: "50",
      startsAt: new Date("2026-01-01T00:00:00Z"),
      endsAt: new Date("2099-12-31T12:00:00Z"),
    },
  });
  return { person, code };
}

function send(influencerId: string, codeId = "") {
  return callRoute<{ ok: boolean; message?: string; outreachId?: string }>(outreachRoute.action, {
    path: `/app/influencers/${influencerId}/outreach`,
    params: { id: influencerId },
    form: { intent: "send", codeId },
  });
}

/** Runs the job queue until nothing is left, moving retries' backoff to now. */
async function drainJobs(rounds = 10) {
  for (let i = 0; i < rounds; i++) {
    await db.prisma.backgroundJob.updateMany({ where: { status: "QUEUED" }, data: { runAfter: new Date(0) } });
    if ((await runPendingJobs()) === 0) return;
  }
}

describe("SMTP settings", () => {
  it("store the password sealed with AES-256-GCM, never in clear, and never send it back to the page", async () => {
    const result = await saveSettings();
    expect(result.body.ok).toBe(true);
    const row = await db.prisma.emailSettings.findUniqueOrThrow({ where: { shopId: shop.id } });
    expect(row.passwordSealed).not.toBeNull();
    expect(row.passwordSealed).not.toBe(PASSWORD);
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
    expect(open(row.passwordSealed!, shop.id, encryptionKeyFallback())).toBe(PASSWORD);
    // Bound to the shop, and useless under another key.
    expect(open(row.passwordSealed!, "another-shop", encryptionKeyFallback())).toBeNull();
    expect(open(row.passwordSealed!, shop.id, null, { CODETRAIL_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64") })).toBeNull();
    const page = await callRoute(settingsRoute.loader, { path: "/app/settings/email" });
    expect(JSON.stringify(page.body)).not.toContain(PASSWORD);
    expect(page.body).toMatchObject({ settings: { hasPassword: true, username: USER, port: smtp.port } });
  });

  it("keep the stored password when the field is left empty", async () => {
    await saveSettings();
    const before = (await db.prisma.emailSettings.findUniqueOrThrow({ where: { shopId: shop.id } })).passwordSealed;
    await saveSettings({ password: "" });
    const after = (await db.prisma.emailSettings.findUniqueOrThrow({ where: { shopId: shop.id } })).passwordSealed;
    expect(after).toBe(before);
  });

  it("refuse to store a password without an encryption key, and refuse a malformed key", async () => {
    vi.stubEnv("CODETRAIL_DEMO", "");
    vi.stubEnv("CODETRAIL_ENCRYPTION_KEY", "");
    const { saveCheckedEmailSettings } = await import("../../app/services/email-settings.server");
    const other = await otherShop(db.prisma);
    const input = { host: "smtp.example.com", port: 587, security: "STARTTLS" as const, username: "u", password: "p", clearPassword: false, fromEmail: "a@b.example" };
    const policy = { allowPrivateHosts: false, allowed: [], lookup: async () => [{ address: "2001:4860::25", family: 6 }] };
    expect(await saveCheckedEmailSettings(other.id, input, policy)).toEqual({ ok: false, fieldErrors: { password: "outreach.settings.password.noKey" } });
    expect(await db.prisma.emailSettings.findUnique({ where: { shopId: other.id } })).toBeNull();
    vi.stubEnv("CODETRAIL_ENCRYPTION_KEY", "too-short");
    expect(await saveCheckedEmailSettings(other.id, input, policy)).toEqual({ ok: false, fieldErrors: { password: "outreach.settings.password.noKey" } });
  });

  it("explain invalid input field by field, saving nothing", async () => {
    const result = await saveSettings({ host: "smtp example com", port: "70000", security: "SSL", fromEmail: "not-an-email" });
    expect(result.status).toBe(400);
    expect(result.body.fieldErrors).toEqual({
      host: "outreach.settings.host.invalid",
      port: "outreach.settings.port.invalid",
      security: "validation.choice",
      fromEmail: "validation.email",
    });
  });

  it("test the connection with nodemailer and show what the server answered", async () => {
    await saveSettings();
    await callRoute(settingsRoute.action, { path: "/app/settings/email", form: { intent: "test" } });
    let row = await db.prisma.emailSettings.findUniqueOrThrow({ where: { shopId: shop.id } });
    expect(row.lastTestOk).toBe(true);
    expect(row.lastTestResponse).toContain("Test SMTP server ready");
    expect(row.lastTestResponse).toMatch(/235 .*Authentication successful/);

    await saveSettings({ password: "wrong-password" });
    await callRoute(settingsRoute.action, { path: "/app/settings/email", form: { intent: "test" } });
    row = await db.prisma.emailSettings.findUniqueOrThrow({ where: { shopId: shop.id } });
    expect(row.lastTestOk).toBe(false);
    expect(row.lastTestFailure).toBe("auth");
    expect(row.lastTestResponse).toContain("535");
    expect(row.lastTestResponse).not.toContain("wrong-password");
    const page = await callRoute(settingsRoute.loader, { path: "/app/settings/email" });
    expect(page.body).toMatchObject({
      settings: { lastTestOk: false, lastTestFailure: "auth", lastTestResponse: expect.stringContaining("Authentication credentials invalid") },
    });

    await saveSettings({ port: "1" });
    await callRoute(settingsRoute.action, { path: "/app/settings/email", form: { intent: "test" } });
    row = await db.prisma.emailSettings.findUniqueOrThrow({ where: { shopId: shop.id } });
    expect(row).toMatchObject({ lastTestOk: false, lastTestFailure: "connect", lastTestResponse: "" });
  });
});

describe("Send code by email", () => {
  it("delivers through the SMTP server: shop name as sender, code, offer, tracking links and live-stats link, text and HTML", async () => {
    await saveSettings();
    const { person, code } = await influencerWithCode({ name: "Jane Mail", email: "jane.mail@example.com" });
    const link = await createTrackingLink({ id: shop.id }, person.id, { discountCodeId: code.id, platform: "INSTAGRAM", campaignId: null, content: "reel 1", path: "/" });
    expect(link?.ok).toBe(true);
    const slug = link && link.ok ? link.link.slug : "";
    const token = await issuePortalToken(shop.id, person.id, portalSecret());

    const queued = await send(person.id);
    expect(queued.body).toMatchObject({ ok: true, message: "outreach.card.queued" });
    const before = smtp.received.length;
    await drainJobs();
    expect(smtp.received.length).toBe(before + 1);
    const mail = smtp.received.at(-1)!;
    expect(mail.envelope.to).toEqual(["jane.mail@example.com"]);
    expect(mail.parsed.from?.value[0]).toEqual({ name: shop.name, address: "hello@shop.example" });
    expect(mail.parsed.to && !Array.isArray(mail.parsed.to) ? mail.parsed.to.value[0].address : null).toBe("jane.mail@example.com");
    expect(mail.parsed.subject).toBe(`Your ${shop.name} code: ${code.code}`);
    const text = mail.parsed.text ?? "";
    expect(text).toContain("Hi Jane Mail,");
    expect(text).toContain(code.code);
    expect(text).toContain("15% off");
    expect(text).toMatch(/On orders of \$50\.00 or more\./);
    expect(text).toContain("Valid until December 31, 2099.");
    expect(text).toContain(`https://demo-store.myshopify.com/discount/${code.code}?redirect=%2F`);
    expect(text).toContain(`Instagram: http://localhost:3999/l/${slug}`);
    expect(text).toContain(`http://localhost:3999/portal/${token}`);
    const html = String(mail.parsed.html);
    expect(html).toContain('dir="ltr"');
    expect(html).toContain(`href="http://localhost:3999/portal/${token}"`);
    expect(html).toContain(`href="http://localhost:3999/l/${slug}"`);

    const row = await db.prisma.outreachMessage.findFirstOrThrow({ where: { id: queued.body.outreachId } });
    expect(row).toMatchObject({ status: "SENT", attempts: 1, toEmail: "jane.mail@example.com", code: code.code, lastError: null });
    expect(row.smtpResponse).toMatch(/^250 .*Queued as TEST/);
    expect(row.messageId).toBe(mail.parsed.messageId);
    expect(row.sentAt).not.toBeNull();
    // The portal token is only ever stored sealed: the message row does not keep the body.
    expect(JSON.stringify(row)).not.toContain(token!);

    const page = await callRoute<Awaited<ReturnType<typeof outreachRoute.loader>>>(outreachRoute.loader, {
      path: `/app/influencers/${person.id}/outreach`,
      params: { id: person.id },
    });
    expect(page.body.messages[0]).toMatchObject({ status: "SENT", smtpResponse: row.smtpResponse, messageId: row.messageId });
  });

  it("writes in the shop's language, right to left with dir=rtl for Hebrew", async () => {
    await saveSettings();
    await db.prisma.shop.update({ where: { id: shop.id }, data: { primaryLocale: "he" } });
    try {
      const { person, code } = await influencerWithCode({ name: "Dana", email: "dana@example.com" });
      await send(person.id);
      await drainJobs();
      const mail = smtp.received.at(-1)!;
      expect(mail.parsed.subject).toContain(code.code);
      expect(mail.parsed.subject).toMatch(/[\u0590-\u05FF]/);
      expect(String(mail.parsed.html)).toContain('<html lang="he" dir="rtl">');
      expect(String(mail.parsed.html)).toContain('<body dir="rtl"');
      expect(mail.parsed.text).toMatch(/[\u0590-\u05FF]/);
    } finally {
      await db.prisma.shop.update({ where: { id: shop.id }, data: { primaryLocale: "en" } });
    }
  });

  it("writes in the influencer's own language when the owner set one, whatever the shop's", async () => {
    await saveSettings();
    const { person, code } = await influencerWithCode({ name: "Somchai", email: "somchai@example.com" });
    await db.prisma.influencer.update({ where: { id: person.id }, data: { language: "th" } });
    await send(person.id);
    await drainJobs();
    const mail = smtp.received.at(-1)!;
    expect(mail.parsed.subject).toContain(code.code);
    expect(mail.parsed.subject).toMatch(/[\u0E00-\u0E7F]/);
    expect(String(mail.parsed.html)).toContain('<html lang="th" dir="ltr">');
    const row = await db.prisma.outreachMessage.findFirstOrThrow({ where: { influencerId: person.id } });
    expect(row.locale).toBe("th");
  });

  it("retries when the server refuses the recipient, records the failure and why, and can be sent again", async () => {
    await saveSettings();
    const { person } = await influencerWithCode({ email: "nobody@example.com" });
    smtp.rejectRecipient = "550 5.1.1 Mailbox unavailable";
    const before = smtp.received.length;
    const queued = await send(person.id);
    await runPendingJobs();
    let row = await db.prisma.outreachMessage.findUniqueOrThrow({ where: { id: queued.body.outreachId } });
    expect(row.status).toBe("RETRYING");
    expect(row.lastError).toContain("550 5.1.1 Mailbox unavailable");
    await drainJobs();
    row = await db.prisma.outreachMessage.findUniqueOrThrow({ where: { id: queued.body.outreachId } });
    expect(row).toMatchObject({ status: "FAILED", attempts: OUTREACH_MAX_ATTEMPTS });
    expect(row.failedAt).not.toBeNull();
    expect(row.lastError).toContain("550 5.1.1 Mailbox unavailable");
    expect(row.lastError).not.toContain(PASSWORD);
    const job = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: row.jobId! } });
    expect(job).toMatchObject({ status: "FAILED", attempts: OUTREACH_MAX_ATTEMPTS });
    expect(smtp.received.length).toBe(before);

    // The server accepts again: "Try again" sends the same message.
    smtp.rejectRecipient = null;
    const retry = await callRoute(outreachRoute.action, {
      path: `/app/influencers/${person.id}/outreach`,
      params: { id: person.id },
      form: { intent: "retry", messageId: row.id },
    });
    expect(retry.body).toMatchObject({ ok: true });
    await drainJobs();
    row = await db.prisma.outreachMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(row.status).toBe("SENT");
    expect(smtp.received.at(-1)!.envelope.to).toEqual(["nobody@example.com"]);
  });

  it("retries after the server refuses the data, then records the delivery", async () => {
    await saveSettings();
    const { person } = await influencerWithCode({ email: "later@example.com" });
    smtp.rejectDataTimes = 2;
    const queued = await send(person.id);
    await runPendingJobs();
    let row = await db.prisma.outreachMessage.findUniqueOrThrow({ where: { id: queued.body.outreachId } });
    expect(row).toMatchObject({ status: "RETRYING", attempts: 1 });
    expect(row.lastError).toContain("451 Message refused: try again later");
    const job = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: row.jobId! } });
    expect(job.status).toBe("QUEUED");
    expect(job.runAfter.getTime()).toBeGreaterThan(Date.now());
    await drainJobs();
    row = await db.prisma.outreachMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(row).toMatchObject({ status: "SENT", attempts: 3, lastError: null });
  });

  it("refuses an influencer without an email, without a code, or a shop without settings, queueing nothing", async () => {
    await saveSettings();
    const { person } = await influencerWithCode({ email: null });
    const jobsBefore = await db.prisma.backgroundJob.count();
    const noEmail = await send(person.id);
    expect(noEmail).toMatchObject({ status: 400, body: { ok: false, message: "outreach.error.noEmail" } });

    const bare = await influencer(db.prisma, shop.id, { email: "bare@example.com" });
    expect((await send(bare.id)).body).toMatchObject({ ok: false, message: "outreach.error.noCode" });

    const other = await otherShop(db.prisma);
    const foreign = await influencer(db.prisma, other.id, { email: "f@example.com" });
    await db.prisma.discountCode.create({ data: { shopId: other.id, influencerId: foreign.id, code: "FOREIGN1", value: "10" } });
    expect(await queueOutreachEmail(other, foreign.id)).toEqual({ ok: false, error: "outreach.error.noSettings" });
    // Another shop's influencer is not found from this shop.
    expect((await send(foreign.id)).status).toBe(404);
    expect(await db.prisma.backgroundJob.count()).toBe(jobsBefore);
    expect(await db.prisma.outreachMessage.count({ where: { influencerId: { in: [person.id, bare.id, foreign.id] } } })).toBe(0);
  });
});

describe("Copy message", () => {
  it("is plain text under 1,000 characters with the code and the platform's link", async () => {
    const { person, code } = await influencerWithCode({ name: "Tik Toker", email: "tt@example.com" });
    const link = await createTrackingLink({ id: shop.id }, person.id, { discountCodeId: code.id, platform: "TIKTOK", campaignId: null, content: "video", path: "/" });
    const slug = link && link.ok ? link.link.slug : "";
    await issuePortalToken(shop.id, person.id, portalSecret());
    const page = await callRoute<Awaited<ReturnType<typeof outreachRoute.loader>>>(outreachRoute.loader, {
      path: `/app/influencers/${person.id}/outreach`,
      params: { id: person.id },
    });
    const tiktok = page.body.directMessages!.TIKTOK;
    const instagram = page.body.directMessages!.INSTAGRAM;
    expect(tiktok).toContain(code.code);
    expect(tiktok).toContain("15% off");
    expect(tiktok).toContain(`/l/${slug}`);
    expect(tiktok).toContain("/portal/");
    // No Instagram link: the store link with the code applied.
    expect(instagram).toContain(`/discount/${code.code}`);
    for (const text of [tiktok, instagram]) {
      expect(text.length).toBeLessThanOrEqual(DM_MAX_LENGTH);
      expect(text).not.toMatch(/<[a-z/]/i);
    }
  });

  it("stays under the limit with a very long name", async () => {
    const { person } = await influencerWithCode({ name: "N".repeat(200), email: "long@example.com" });
    await db.prisma.shop.update({ where: { id: shop.id }, data: { name: "S".repeat(255) } });
    try {
      const page = await callRoute<Awaited<ReturnType<typeof outreachRoute.loader>>>(outreachRoute.loader, {
        path: `/app/influencers/${person.id}/outreach`,
        params: { id: person.id },
      });
      expect(page.body.directMessages!.INSTAGRAM.length).toBeLessThanOrEqual(DM_MAX_LENGTH);
    } finally {
      await db.prisma.shop.update({ where: { id: shop.id }, data: { name: shop.name } });
    }
  });
});

describe("Send codes to a campaign", () => {
  it("queues one email per member with an address and a code, and names who was left out", async () => {
    await saveSettings();
    const drive = await campaign(db.prisma, shop.id, { name: "Outreach drive" });
    const ready = await influencerWithCode({ name: "Ann Ready", email: "ann@example.com" });
    const noMail = await influencerWithCode({ name: "Ben NoMail", email: null });
    const noCode = await influencer(db.prisma, shop.id, { name: "Cy NoCode", email: "cy@example.com" });
    for (const id of [ready.person.id, noMail.person.id, noCode.id]) {
      await db.prisma.campaignInfluencer.create({ data: { shopId: shop.id, campaignId: drive.id, influencerId: id } });
    }
    const result = await callRoute(campaignRoute.action, { path: `/app/campaigns/${drive.id}/outreach`, params: { id: drive.id }, form: {} });
    expect(result.body).toMatchObject({ ok: true, queued: 1, noEmail: ["Ben NoMail"], noCode: ["Cy NoCode"] });
    // The campaign page says, per member, what became of it.
    const page = () =>
      callRoute<Awaited<ReturnType<typeof campaignPage.loader>>>(campaignPage.loader, { path: `/app/campaigns/${drive.id}`, params: { id: drive.id } });
    const queued = (await page()).body.recipients;
    expect(queued.map((r) => [r.name, r.hasEmail, r.message?.status ?? null])).toEqual([
      ["Ann Ready", true, "QUEUED"],
      ["Ben NoMail", false, null],
      ["Cy NoCode", true, null],
    ]);
    await drainJobs();
    expect(smtp.received.at(-1)!.envelope.to).toEqual(["ann@example.com"]);
    const sent = (await page()).body.recipients.find((r) => r.name === "Ann Ready")!;
    expect(sent.message).toMatchObject({ status: "SENT", code: ready.code.code });
    expect(sent.message?.sentAt).not.toBeNull();
    const other = await otherShop(db.prisma);
    const foreign = await campaign(db.prisma, other.id);
    expect((await callRoute(campaignRoute.action, { path: `/app/campaigns/${foreign.id}/outreach`, params: { id: foreign.id }, form: {} })).status).toBe(404);
  });
});
