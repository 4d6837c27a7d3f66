import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO_SHOP } from "../../app/demo/demo-store.server";
import * as influencerPage from "../../app/routes/app.influencers.$id/route";
import * as portalOwner from "../../app/routes/app.influencers.$id.portal";
import * as portalRoute from "../../app/routes/portal.$token/route";
import * as payoutsPage from "../../app/routes/app.payouts";
import { loader as payoutsCsv } from "../../app/routes/app.payouts[.csv]";
import { GENERIC_PAYOUT_HEADER, paypalCustomerId } from "../../app/lib/payout-files";
import { emulatedStoreCredit } from "../../app/demo/admin-emulator/payouts.server";
import { OUTCOME_HEADER } from "../../app/services/webhook-ingest.server";
import { callRoute, demoRouteTest } from "../support/routes";
import { deliver, orderPayload } from "../webhooks/helpers";

/**
 * Statements through the influencer page (issue 19, decision 029): the page shows the balance,
 * "Approve statement" states what is due after the hold period, "Mark paid" records the payment;
 * bad input is a 400 that changes nothing, and another influencer's statement cannot be paid here.
 */

const { db } = demoRouteTest({ demoShop: false });
let shopId: string;
let janeId: string;
let benId: string;
const money = (amount: string) => ({ shop_money: { amount, currency_code: "USD" }, presentment_money: { amount, currency_code: "USD" } });
const args = (path: string, params: Record<string, string>) => ({ request: new Request(`http://localhost${path}`), params, context: {} });
const post = (id: string, form: Record<string, string | string[]>) => callRoute(influencerPage.action, { path: `/app/influencers/${id}`, params: { id }, form });
const page = async (id: string) => influencerPage.loader(args(`/app/influencers/${id}`, { id }));
const statements = () => db.prisma.commissionStatement.findMany({ where: { shopId }, orderBy: { createdAt: "asc" } });

beforeAll(async () => {
  const p = db.prisma;
  const shop = await p.shop.create({ data: { domain: DEMO_SHOP.domain, name: "Payouts", currencyCode: "USD", ianaTimezone: "UTC", commissionHoldDays: 14 } });
  shopId = shop.id;
  const jane = await p.influencer.create({ data: { shopId, name: "Jane" } });
  const ben = await p.influencer.create({ data: { shopId, name: "Ben" } });
  janeId = jane.id;
  benId = ben.id;
  await p.discountCode.create({ data: { shopId, influencerId: janeId, code: "JANE10", value: "10" } });
  await p.discountCode.create({ data: { shopId, influencerId: benId, code: "BEN10", value: "10" } });
  await p.commissionRule.create({ data: { shopId, kind: "PERCENT_OF_NET_SALES", rate: "10" } });
  let n = 0n;
  for (const [code, day, sales] of [["JANE10", "2026-05-01", "120.00"], ["JANE10", "2026-05-20", "60.00"], ["BEN10", "2026-05-01", "50.00"]] as const) {
    const orderId = (9_007_199_254_600_000n + ++n).toString();
    const response = await deliver(
      "orders/create",
      orderPayload({
        orderId,
        name: `#${n}`,
        created_at: `${day}T12:00:00Z`,
        updated_at: `${day}T12:00:00Z`,
        discount_codes: [{ code, amount: "0.00", type: "fixed_amount" }],
        subtotal_price_set: money(sales),
        total_discounts_set: money("0.00"),
        customer: null,
      }),
      { shop: DEMO_SHOP.domain },
    );
    expect(response.headers.get(OUTCOME_HEADER)).toBe("APPLIED");
  }
});
afterEach(() => {
  vi.useRealTimers();
});

describe("statements on the influencer page", () => {
  it("approves what is due after the hold period and marks it paid; refuses bad input and others' statements", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-05-10T12:00:00Z"));
    // Inside the 14-day hold: everything held, nothing to approve.
    expect((await page(janeId)).payouts.balance).toMatchObject({ accrued: "18.00", held: "18.00", payable: "0.00" });
    const early = await post(janeId, { intent: "approveStatement" });
    expect([early.status, early.body]).toMatchObject([400, { message: "payouts.nothingDue" }]);
    expect(await statements()).toEqual([]);

    vi.setSystemTime(new Date("2026-05-15T12:00:00Z"));
    expect((await page(janeId)).payouts.balance).toMatchObject({ accrued: "18.00", held: "6.00", payable: "12.00" });
    expect((await post(janeId, { intent: "approveStatement" })).body).toMatchObject({ ok: true });
    expect((await post(benId, { intent: "approveStatement" })).body).toMatchObject({ ok: true });
    const [janes, bens] = await statements();
    expect([janes.influencerId, janes.total.toFixed(2), janes.status]).toEqual([janeId, "12.00", "APPROVED"]);
    expect((await page(janeId)).payouts).toMatchObject({
      balance: { approved: "12.00", payable: "0.00", held: "6.00" },
      statements: [{ id: janes.id, periodStart: null, periodEnd: "2026-05-15", status: "APPROVED", accrued: "12.00", payable: "12.00", total: "12.00" }],
    });

    const before = await statements();
    for (const form of <Record<string, string>[]>[
      { statementId: janes.id, paidOn: "2026-05-32", method: "PAYPAL" },
      { statementId: janes.id, paidOn: "2026-05-16", method: "CHEQUE" },
      { statementId: janes.id, paidOn: "2026-05-16", method: "PAYPAL", reference: "x".repeat(201) },
    ]) {
      const res = await post(janeId, { intent: "markPaid", ...form });
      expect(res.status).toBe(400);
    }
    // Ben's statement is not Jane's to pay, and paying both at once from her page pays neither.
    const foreign = await post(janeId, { intent: "markPaid", statementId: [janes.id, bens.id], paidOn: "2026-05-16", method: "MANUAL" });
    expect([foreign.status, foreign.body]).toMatchObject([400, { message: "payouts.notApproved" }]);
    expect(await statements()).toEqual(before);

    const paid = await post(janeId, { intent: "markPaid", statementId: janes.id, paidOn: "2026-05-16", method: "PAYPAL", reference: "PP-7781" });
    expect(paid.body).toMatchObject({ ok: true });
    expect((await page(janeId)).payouts).toMatchObject({
      balance: { accrued: "18.00", paid: "12.00", approved: "0.00", held: "6.00" },
      statements: [{ status: "PAID", paidOn: "2026-05-16", paymentMethod: "PAYPAL", paymentReference: "PP-7781" }],
    });
    const again = await post(janeId, { intent: "markPaid", statementId: janes.id, paidOn: "2026-05-17", method: "PAYPAL" });
    expect(again.status).toBe(400);

    // The influencer sees it in their portal: payable, held, paid and the statement (no order lines).
    const issued = await callRoute<{ url: string }>(portalOwner.action, { path: `/app/influencers/${janeId}/portal`, params: { id: janeId }, form: { intent: "issue" } });
    const token = issued.body.url.split("/portal/")[1];
    const portal = (await portalRoute.loader({ request: new Request(`http://localhost/portal/${token}`), params: { token }, context: { peerAddress: "10.8.0.1" } })) as unknown as {
      data: { payouts: unknown };
    };
    expect(portal.data.payouts).toEqual({
      payable: "0.00",
      held: "6.00",
      paid: "12.00",
      statements: [{ id: janes.id, periodStart: null, periodEnd: "2026-05-15", status: "PAID", total: "12.00", adjustments: "0.00", paidOn: "2026-05-16" }],
    });
  });

  it("lists approved statements, exports PayPal and generic files and marks many paid at once", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-06-10T12:00:00Z"));
    // Jane's second order is now past its hold: a second statement; Ben's first one still awaits payment.
    expect((await post(janeId, { intent: "approveStatement" })).body).toMatchObject({ ok: true });
    await db.prisma.influencer.update({ where: { id: janeId }, data: { email: "jane@example.com" } });
    const listed = await payoutsPage.loader(args("/app/payouts", {}));
    expect(listed.statements.map((s) => [s.influencerName, s.email, s.total, s.currency])).toEqual([
      ["Ben", null, "5.00", "USD"],
      ["Jane", "jane@example.com", "6.00", "USD"],
    ]);
    const [ben, jane] = listed.statements;
    const csv = async (format: string) => payoutsCsv(args(`/app/payouts.csv?format=${format}`, {}));
    const paypal = await csv("paypal");
    expect(paypal.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    // No header; Ben has no email, so only Jane; customer ID at most 30 characters.
    expect((await paypal.text()).trimEnd().split("\r\n")).toEqual([
      `jane@example.com,6.00,USD,${paypalCustomerId(jane.id)},Commission Payouts to 2026-06-10,PAYPAL`,
    ]);
    expect(paypalCustomerId(jane.id)).toMatch(/^[A-Za-z0-9]{30}$/);
    const generic = (await (await csv("generic")).text()).trimEnd().split("\r\n");
    expect(generic[0]).toBe(GENERIC_PAYOUT_HEADER.join(","));
    expect(generic.slice(1)).toEqual([
      `${ben.id},${benId},Ben,,,2026-05-15,5.00,USD`,
      `${jane.id},${janeId},Jane,jane@example.com,2026-05-16,2026-06-10,6.00,USD`,
    ]);
    expect((await csv("xlsx")).status).toBe(400);

    // Bulk: a bad date changes nothing; then both paid with one reference.
    const bad = await callRoute(payoutsPage.action, { path: "/app/payouts", form: { statementId: [ben.id, jane.id], paidOn: "tomorrow", method: "PAYPAL" } });
    expect(bad.status).toBe(400);
    expect(await db.prisma.commissionStatement.count({ where: { shopId, status: "PAID" } })).toBe(1);
    const done = await callRoute(payoutsPage.action, {
      path: "/app/payouts",
      form: { statementId: [ben.id, jane.id], paidOn: "2026-06-11", method: "PAYPAL", reference: "BATCH-42" },
    });
    expect(done.body).toMatchObject({ ok: true, count: 2 });
    expect((await payoutsPage.loader(args("/app/payouts", {}))).statements).toEqual([]);
    const paid = await db.prisma.commissionStatement.findMany({ where: { shopId, id: { in: [ben.id, jane.id] } } });
    expect(paid.map((s) => [s.status, s.paymentReference, s.paymentMethod])).toEqual([
      ["PAID", "BATCH-42", "PAYPAL"],
      ["PAID", "BATCH-42", "PAYPAL"],
    ]);
  });

  it("pays a statement in store credit or a gift card through the Admin API (the emulator), or says why not", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-07-20T12:00:00Z"));
    const p = db.prisma;
    const zoe = await p.influencer.create({ data: { shopId, name: "Zoe" } });
    const code = await p.discountCode.create({ data: { shopId, influencerId: zoe.id, code: "ZOE10", value: "10" } });
    const statement = (total: string) =>
      p.commissionStatement.create({
        data: {
          shopId, influencerId: zoe.id, periodEnd: new Date("2026-07-20T00:00:00Z"), payable: total, adjustments: "0", total, approvedAt: new Date(),
          lines: { create: { shopId, shopifyOrderId: 1n, orderName: "#1", shopDate: new Date("2026-06-01T00:00:00Z"), kind: "COMMISSION", amount: total } },
        },
      });
    void code;
    const first = await statement("7.25");
    const pay = (statementId: string, method: string) => post(zoe.id, { intent: "payInShop", statementId, method });
    // No email, then an email no customer has: nothing paid, nothing marked.
    expect((await pay(first.id, "STORE_CREDIT")).body).toMatchObject({ ok: false, message: "payouts.noEmail" });
    await p.influencer.update({ where: { id: zoe.id }, data: { email: "nobody@example.com" } });
    expect((await pay(first.id, "STORE_CREDIT")).body).toMatchObject({ ok: false, message: "payouts.noCustomer" });
    expect((await pay(first.id, "CASH")).status).toBe(400);
    expect((await p.commissionStatement.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("APPROVED");

    await p.influencer.update({ where: { id: zoe.id }, data: { email: "zoe@example.com" } });
    const paid = await pay(first.id, "STORE_CREDIT");
    expect(paid.body).toMatchObject({ ok: true, reference: expect.stringMatching(/^gid:\/\/shopify\/StoreCreditAccountCreditTransaction\//) });
    expect(emulatedStoreCredit(DEMO_SHOP.domain, "zoe@example.com")).toBe("7.25");
    expect(await p.commissionStatement.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ status: "PAID", paymentMethod: "STORE_CREDIT" });
    // Paid statements are not paid twice.
    expect((await pay(first.id, "STORE_CREDIT")).body).toMatchObject({ ok: false, message: "payouts.notApproved" });
    expect(emulatedStoreCredit(DEMO_SHOP.domain, "zoe@example.com")).toBe("7.25");

    const second = await statement("3.10");
    expect((await pay(second.id, "GIFT_CARD")).body).toMatchObject({ ok: true, reference: expect.stringMatching(/^gid:\/\/shopify\/GiftCard\/\d+ \(…\d{4}\)$/) });
    expect(await p.commissionStatement.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ status: "PAID", paymentMethod: "GIFT_CARD" });
  });

  it("sets the shop's hold period on the Payouts page (whole days 0-365; bad input changes nothing)", async () => {
    const hold = async () => (await db.prisma.shop.findUniqueOrThrow({ where: { id: shopId } })).commissionHoldDays;
    const before = await hold();
    for (const holdDays of ["-1", "366", "2.5", "ten", ""]) {
      const res = await callRoute(payoutsPage.action, { path: "/app/payouts", form: { intent: "holdDays", holdDays } });
      expect(res.status).toBe(400);
    }
    expect(await hold()).toBe(before);
    expect((await callRoute(payoutsPage.action, { path: "/app/payouts", form: { intent: "holdDays", holdDays: "45" } })).body).toMatchObject({ ok: true });
    expect(await hold()).toBe(45);
    expect((await payoutsPage.loader(args("/app/payouts", {}))).holdDays).toBe(45);
    // The influencer page says and uses it.
    expect((await page(janeId)).payouts.holdDays).toBe(45);
  });
});
