import { createServer } from "node:net";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as mailboxRoute from "../../app/routes/app.demo.mailbox";
import * as outreachRoute from "../../app/routes/app.influencers.$id.outreach";
import * as settingsRoute from "../../app/routes/app.settings.email/route";
import { runPendingJobs } from "../../app/services/jobs.server";
import { influencer } from "../support/factories";
import { callRoute, demoRouteTest } from "../support/routes";

const { db, shop } = demoRouteTest();
let port: number;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

beforeAll(async () => {
  port = await freePort();
});
beforeEach(() => {
  vi.stubEnv("CODETRAIL_ENCRYPTION_KEY", "");
  vi.stubEnv("SMTP_DEMO_PORT", String(port));
});

type Mailbox = Awaited<ReturnType<typeof mailboxRoute.loader>>;

describe("demo mailbox", () => {
  it("is not there outside demo mode", async () => {
    vi.stubEnv("CODETRAIL_DEMO", "");
    expect((await callRoute(mailboxRoute.loader, { path: "/app/demo/mailbox" })).status).toBe(404);
  });

  it("receives what the demo shop sends through its default settings, via a real local SMTP server", async () => {
    const settings = await callRoute<{ settings: { host: string; port: number; security: string; demoMailbox: boolean } }>(settingsRoute.loader, {
      path: "/app/settings/email",
    });
    expect(settings.body.settings).toMatchObject({ host: "127.0.0.1", port, security: "NONE", demoMailbox: true });

    const empty = await callRoute<Mailbox>(mailboxRoute.loader, { path: "/app/demo/mailbox" });
    expect(empty.body).toEqual({ port, mail: [] });

    // The connection test talks to the demo server and shows its greeting.
    await callRoute(settingsRoute.action, { path: "/app/settings/email", form: { intent: "test" } });
    const tested = await db.prisma.emailSettings.findUniqueOrThrow({ where: { shopId: shop.id } });
    expect(tested.lastTestOk).toBe(true);
    expect(tested.lastTestResponse).toContain("CodeTrail demo mailbox");

    const person = await influencer(db.prisma, shop.id, { name: "Mia Demo", email: "mia@example.com" });
    await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: person.id, code: "MIADEMO10", valueType: "FIXED_AMOUNT", value: "10" } });
    const sent = await callRoute(outreachRoute.action, { path: `/app/influencers/${person.id}/outreach`, params: { id: person.id }, form: { intent: "send" } });
    expect(sent.body).toMatchObject({ ok: true });
    await runPendingJobs();

    const mailbox = await callRoute<Mailbox>(mailboxRoute.loader, { path: "/app/demo/mailbox" });
    expect(mailbox.body.mail).toHaveLength(1);
    const [mail] = mailbox.body.mail;
    expect(mail.subject).toContain("MIADEMO10");
    expect(mail.to).toContain("mia@example.com");
    expect(mail.envelopeTo).toEqual(["mia@example.com"]);
    expect(mail.text).toContain("$10.00 off");
    expect(mail.html).toContain("MIADEMO10");
    const row = await db.prisma.outreachMessage.findFirstOrThrow({ where: { influencerId: person.id } });
    expect(row.status).toBe("SENT");
    expect(row.smtpResponse).toContain(`Kept in the demo mailbox as ${mail.id}`);
  });
});
