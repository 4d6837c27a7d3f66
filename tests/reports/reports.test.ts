import { beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO_SHOP } from "../../app/demo/demo-store.server";
import { parseReportParams } from "../../app/lib/report-params";
import { totals } from "../../app/models/reports.server";
import { eachAttributedOrder } from "../../app/models/attributed-orders.server";
import { loader as dashboard } from "../../app/routes/app._index/route";
import { loader as campaignDetail } from "../../app/routes/app.reports.campaigns.$id/route";
import { loader as campaignList } from "../../app/routes/app.reports.campaigns._index";
import { loader as influencerDetail } from "../../app/routes/app.reports.influencers.$id";
import { loader as influencerList } from "../../app/routes/app.reports.influencers._index";
import { CSV_HEADER, loader as csv } from "../../app/routes/app.reports.influencers[.csv]";
import { CAMPAIGNS_CSV_HEADER, loader as campaignsCsv } from "../../app/routes/app.reports.campaigns[.csv]";
import { ORDERS_CSV_HEADER, loader as ordersCsv } from "../../app/routes/app.reports.orders[.csv]";
import { loader as influencerPage } from "../../app/routes/app.influencers.$id/route";
import { loader as campaignPage } from "../../app/routes/app.campaigns.$id";
import { OUTCOME_HEADER } from "../../app/services/webhook-ingest.server";
import { ORDER_BASE } from "../support/orders";
import { demoRouteTest } from "../support/routes";
import { deliver, orderPayload, refundPayload } from "../webhooks/helpers";

/**
 * The metric definitions on a hand-computed shop (refunds, a cancellation, a test order, zero
 * cost, commission precedence, an influencer in two campaigns), the routes that show them, the
 * CSV, time zone boundaries and shop isolation. The orders reach the database the way Shopify's do:
 * signed webhooks through the routes into the ledger, which keeps the rollups the reports read.
 *
 * Range 2026-04-10 … 2026-04-15:
 *   Ana  #1 ANA10/Spring  sales 100 disc 10 refunded 20 new customer 1    net  80, commission 5 (her fixed rule)
 *        #2 ANASUM/Summer sales  50 disc  5                customer 1    net  50, commission 5
 *        #3 ANA10 cancelled (200) · fee 30 on 04-11 (Spring) · fee 20 on 04-16 (outside)
 *   Ben  #4 BEN5/Spring   sales  80 disc  4 new customer 2                net  80, commission 8 (Spring's 10 %)
 *        #5 test order (40) · #6 04-20 (outside) sales 60, customer 2 again
 *   Cleo #7 no campaign   sales  25, no rule, no fee (zero cost), a formula-like name and code
 */

// This file creates its own shop on the demo domain (UTC, USD) below.
const { db } = demoRouteTest({ demoShop: false });
let ids: Record<string, string>;
let other: { campaignId: string; influencerId: string };

const d = (s: string) => new Date(`${s}T00:00:00Z`);
const CLEO = '=HYPERLINK("http://x.example","y")';

interface Customer {
  id: number;
  /** When the customer record was created: within 24 hours before the order makes them new. */
  since: string;
}

const money = (amount: string) => ({ shop_money: { amount, currency_code: "USD" }, presentment_money: { amount, currency_code: "USD" } });
let orderCount = 0n;

/** One order through the webhook routes and the ledger: created at noon UTC, then refunded and cancelled as asked. */
async function ledgerOrder(
  shop: string,
  o: { code: string; day: string; sales: string; discounts?: string; refunded?: string; cancelled?: boolean; test?: boolean; customer?: Customer; referringSite?: string },
) {
  const n = ++orderCount;
  const orderId = (ORDER_BASE + n).toString();
  const createdAt = `${o.day}T12:00:00Z`;
  const discounts = o.discounts ?? "0.00";
  const base = orderPayload();
  const payload = orderPayload({
    orderId,
    name: `#${n}`,
    created_at: createdAt,
    updated_at: createdAt,
    test: o.test ?? false,
    referring_site: o.referringSite ?? null,
    discount_codes: [{ code: o.code, amount: discounts, type: "fixed_amount" }],
    subtotal_price_set: money(o.sales),
    total_discounts_set: money(discounts),
    customer: o.customer
      ? { ...base.customer, id: o.customer.id, admin_graphql_api_id: `gid://shopify/Customer/${o.customer.id}`, created_at: o.customer.since }
      : null,
  });
  const send = async (topic: Parameters<typeof deliver>[0], body: string | object) => {
    const response = await deliver(topic, body, { shop });
    expect([response.status, response.headers.get(OUTCOME_HEADER)]).toEqual([200, "APPLIED"]);
  };
  await send("orders/create", payload);
  if (o.refunded) await send("refunds/create", refundPayload(orderId, (ORDER_BASE + 1000n + n).toString(), [o.refunded]));
  if (o.cancelled) {
    const cancelledAt = `${o.day}T18:00:00Z`;
    await send("orders/cancelled", { ...payload, updated_at: cancelledAt, cancelled_at: cancelledAt, cancel_reason: "customer" });
  }
}

beforeAll(async () => {
  const p = db.prisma;
  const shop = await p.shop.create({ data: { domain: DEMO_SHOP.domain, name: "Fixture", currencyCode: "USD", ianaTimezone: "UTC" } });
  const spring = await p.campaign.create({ data: { shopId: shop.id, name: "Spring", goal: "CONVERSION", startsOn: d("2026-04-01"), budget: "100" } });
  const summer = await p.campaign.create({ data: { shopId: shop.id, name: "Summer", goal: "AWARENESS", startsOn: d("2026-04-01") } });
  const ana = await p.influencer.create({ data: { shopId: shop.id, name: "Ana", handles: { create: { shopId: shop.id, platform: "INSTAGRAM", handle: "ana" } } } });
  const ben = await p.influencer.create({ data: { shopId: shop.id, name: "Ben", handles: { create: { shopId: shop.id, platform: "TIKTOK", handle: "ben" } } } });
  const cleo = await p.influencer.create({ data: { shopId: shop.id, name: CLEO } });
  const code = (influencerId: string, c: string, campaignId: string | null) =>
    p.discountCode.create({ data: { shopId: shop.id, influencerId, campaignId, code: c, value: "10" } });
  const ana10 = await code(ana.id, "ANA10", spring.id);
  const anaSum = await code(ana.id, "ANASUM", summer.id);
  const ben5 = await code(ben.id, "BEN5", spring.id);
  const cleoCode = await code(cleo.id, "@CLEO", null);
  for (const c of [spring, summer]) {
    for (const i of [ana, ben]) await p.campaignInfluencer.create({ data: { shopId: shop.id, campaignId: c.id, influencerId: i.id } });
  }
  await p.commissionRule.createMany({
    data: [
      { shopId: shop.id, campaignId: spring.id, kind: "PERCENT_OF_NET_SALES", rate: "10" },
      { shopId: shop.id, influencerId: ana.id, kind: "FIXED_PER_ORDER", rate: "5" },
    ],
  });
  // Every order reaches the ledger as Shopify sends it: orders/create, then refunds/create and
  // orders/cancelled where the order has them, through the webhook routes.
  const order = (o: Parameters<typeof ledgerOrder>[1]) => ledgerOrder(DEMO_SHOP.domain, o);
  const customer1 = { id: 1, since: "2026-04-10T11:59:00Z" };
  const customer2 = { id: 2, since: "2026-04-14T11:59:00Z" };
  await order({ code: "ANA10", day: "2026-04-10", sales: "100.00", discounts: "10.00", refunded: "20.00", customer: customer1 });
  await order({ code: "ANASUM", day: "2026-04-12", sales: "50.00", discounts: "5.00", customer: customer1 });
  await order({ code: "ANA10", day: "2026-04-11", sales: "200.00", cancelled: true });
  await order({ code: "BEN5", day: "2026-04-14", sales: "80.00", discounts: "4.00", customer: customer2 });
  await order({ code: "BEN5", day: "2026-04-14", sales: "40.00", test: true });
  await order({ code: "BEN5", day: "2026-04-20", sales: "60.00", customer: customer2 });
  await order({ code: "@CLEO", day: "2026-04-13", sales: "25.00" });
  // What the ledger stored is what the figures below were computed from.
  const stored = await p.attributedOrder.findMany({ where: { shopId: shop.id }, orderBy: { shopifyOrderId: "asc" } });
  const byId = { [ana10.id]: "ANA10", [anaSum.id]: "ANASUM", [ben5.id]: "BEN5", [cleoCode.id]: "@CLEO" };
  const campaigns = { [spring.id]: "Spring", [summer.id]: "Summer" };
  expect(
    stored.map((o) => [byId[o.discountCodeId!], campaigns[o.campaignId ?? ""] ?? null, o.shopDate.toISOString().slice(0, 10), o.sales.toFixed(2),
      o.discounts.toFixed(2), o.refunded.toFixed(2), o.cancelledAt !== null, o.test, o.customerId, o.newCustomer]),
  ).toEqual([
    ["ANA10", "Spring", "2026-04-10", "100.00", "10.00", "20.00", false, false, 1n, true],
    ["ANASUM", "Summer", "2026-04-12", "50.00", "5.00", "0.00", false, false, 1n, false],
    ["ANA10", "Spring", "2026-04-11", "200.00", "0.00", "0.00", true, false, null, false],
    ["BEN5", "Spring", "2026-04-14", "80.00", "4.00", "0.00", false, false, 2n, true],
    ["BEN5", "Spring", "2026-04-14", "40.00", "0.00", "0.00", false, true, null, false],
    ["BEN5", "Spring", "2026-04-20", "60.00", "0.00", "0.00", false, false, 2n, false],
    ["@CLEO", null, "2026-04-13", "25.00", "0.00", "0.00", false, false, null, false],
  ]);
  await p.costEntry.createMany({
    data: [
      { shopId: shop.id, influencerId: ana.id, campaignId: spring.id, kind: "FLAT_FEE", amount: "30", incurredOn: d("2026-04-11") },
      { shopId: shop.id, influencerId: ana.id, kind: "FLAT_FEE", amount: "20", incurredOn: d("2026-04-16") },
    ],
  });
  ids = { shop: shop.id, ana: ana.id, ben: ben.id, cleo: cleo.id, spring: spring.id, summer: summer.id };

  // Another shop with large figures on the same days: must never show up.
  const o = await p.shop.create({ data: { domain: "other.myshopify.com", name: "Other" } });
  const oc = await p.campaign.create({ data: { shopId: o.id, name: "Spring", startsOn: d("2026-04-01") } });
  const oi = await p.influencer.create({ data: { shopId: o.id, name: "Ana" } });
  await p.discountCode.create({ data: { shopId: o.id, influencerId: oi.id, campaignId: oc.id, code: "ANA10", value: "10" } });
  await ledgerOrder(o.domain, { code: "ANA10", day: "2026-04-12", sales: "99999.00" });
  await p.costEntry.create({ data: { shopId: o.id, influencerId: oi.id, campaignId: oc.id, kind: "FLAT_FEE", amount: "55555", incurredOn: d("2026-04-12") } });
  other = { campaignId: oc.id, influencerId: oi.id };
});

const RANGE = "from=2026-04-10&to=2026-04-15";
const req = (path: string) => new Request(`http://localhost${path}`);
const args = (path: string, params: Record<string, string> = {}) => ({ request: req(path), params, context: {} });

describe("metric definitions on a hand-computed shop", () => {
  it("dashboard totals: refunds, cancellations, test orders, commission precedence, zero-cost influencers", async () => {
    const data = await dashboard(args(`/app?${RANGE}&compare=0`));
    expect(data.query.preset).toBe("custom");
    expect(data.totals).toEqual({
      orders: 4, newCustomers: 2, sales: "255.00", discounts: "19.00", refunds: "20.00", netSales: "235.00",
      fees: "30.00", commission: "18.00", cost: "48.00", roiPercent: "389.6", roas: "4.90", cpa: "12.00", cac: "24.00", aov: "58.75",
    });
    expect(data.series).toHaveLength(6);
    expect(data.series.find((p) => p.date === "2026-04-10")).toEqual({ date: "2026-04-10", netSales: "80.00", cost: "5.00" });
    expect(data.series.find((p) => p.date === "2026-04-11")).toEqual({ date: "2026-04-11", netSales: "0.00", cost: "30.00" });
    // Cleo has no cost: no ROI, so she is in neither ranking.
    expect(data.top.map((r) => r.name)).toEqual(["Ben", "Ana"]);
    expect(data.bottom).toEqual([]);
  });

  it("compares with the previous period of the same length; a zero previous figure has no delta", async () => {
    const data = await dashboard(args(`/app?from=2026-04-16&to=2026-04-21`));
    expect(data.query.previous).toEqual({ from: "2026-04-10", to: "2026-04-15" });
    expect(data.totals.netSales).toBe("60.00");
    expect(data.deltas.netSales).toBe("-74.5"); // (60 − 235) ÷ 235
    const empty = await dashboard(args(`/app?from=2026-05-01&to=2026-05-02`));
    expect(empty.deltas.netSales).toBeNull();
    expect(empty.totals.roiPercent).toBeNull();
    expect(empty.totals.cpa).toBeNull();
  });

  it("filters by campaign and by platform (the influencer's handles)", async () => {
    const spring = await dashboard(args(`/app?${RANGE}&campaign=${ids.spring}`));
    expect(spring.totals).toMatchObject({ orders: 2, netSales: "160.00", fees: "30.00", commission: "13.00", cost: "43.00" });
    const instagram = await dashboard(args(`/app?${RANGE}&platform=INSTAGRAM`));
    expect(instagram.totals).toMatchObject({ orders: 2, netSales: "130.00", cost: "40.00", roiPercent: "225.0" });
  });

  it("reports bad parameters in words and falls back to defaults instead of failing", async () => {
    const data = await dashboard(args(`/app?range=fortnight&platform=MYSPACE&campaign=${encodeURIComponent("x' OR 1=1")}`));
    expect(data.problems).toEqual([
      { param: "range", problem: "preset" },
      { param: "campaign", problem: "id" },
      { param: "platform", problem: "platform" },
    ]);
    expect(data.query.preset).toBe("30d");
    const reversed = parseReportParams(new URLSearchParams("from=2026-04-15&to=2026-04-10"), { ianaTimezone: "UTC" });
    expect(reversed.problems).toEqual([{ param: "to", problem: "order" }]);
    const impossible = parseReportParams(new URLSearchParams("from=2026-02-30"), { ianaTimezone: "UTC" });
    expect(impossible.problems).toEqual([{ param: "from", problem: "date" }]);
  });

  it("influencer table: every column, server-side sorting, acquired customers' later purchases", async () => {
    const data = await influencerList(args(`/app/reports/influencers?${RANGE}&sort=roi&dir=desc`));
    expect(data.rows.map((r) => r.name)).toEqual(["Ben", "Ana", CLEO]); // undefined ROI last
    const ana = data.rows.find((r) => r.name === "Ana")!;
    expect(ana.codes).toEqual(["ANA10", "ANASUM"]);
    expect(ana.metrics).toEqual({
      orders: 2, newCustomers: 1, sales: "150.00", discounts: "15.00", refunds: "20.00", netSales: "130.00",
      fees: "30.00", commission: "10.00", cost: "40.00", roiPercent: "225.0", roas: "3.25", cpa: "20.00", cac: "40.00", aov: "65.00",
    });
    expect([ana.repeatOrders, ana.repeatNetSales]).toEqual([1, "50.00"]);
    const ben = data.rows.find((r) => r.name === "Ben")!;
    expect([ben.repeatOrders, ben.repeatNetSales]).toEqual([1, "60.00"]); // a later order outside the range counts
    expect(ben.metrics).toMatchObject({ commission: "8.00", cost: "8.00", roiPercent: "900.0", roas: "10.00" });
    const byName = await influencerList(args(`/app/reports/influencers?${RANGE}&sort=name&dir=asc`));
    expect(byName.rows.map((r) => r.name)).toEqual([CLEO, "Ana", "Ben"]);
    const bad = await influencerList(args(`/app/reports/influencers?sort=password&dir=sideways&page=-1`));
    expect(bad.problems.map((p) => p.param)).toEqual(["sort", "dir", "page"]);
  });

  it("influencer detail: the same figures per campaign and per code", async () => {
    const data = await influencerDetail(args(`/app/reports/influencers/${ids.ana}?${RANGE}`, { id: ids.ana }));
    expect(data.totals.netSales).toBe("130.00");
    const spring = data.perCampaign.find((r) => r.label === "Spring")!;
    const summer = data.perCampaign.find((r) => r.label === "Summer")!;
    expect(spring.metrics).toMatchObject({ orders: 1, netSales: "80.00", fees: "30.00", commission: "5.00", cost: "35.00" });
    expect(summer.metrics).toMatchObject({ orders: 1, netSales: "50.00", fees: "0.00", commission: "5.00", cost: "5.00" });
    expect(data.perCode.map((r) => [r.label, r.metrics.orders, r.metrics.netSales])).toEqual([
      ["ANA10", 1, "80.00"],
      ["ANASUM", 1, "50.00"],
    ]);
  });

  it("campaigns: budget against spend to date, figures in the range, influencers ranked", async () => {
    const list = await campaignList(args(`/app/reports/campaigns?${RANGE}`));
    const spring = list.rows.find((r) => r.name === "Spring")!;
    expect(spring).toMatchObject({ goal: "CONVERSION", budget: "100.00", spend: "49.00" }); // 30 fee + 5 + 8 + 6 (Ben's #6)
    expect(spring.metrics).toMatchObject({ orders: 2, netSales: "160.00", cost: "43.00" });
    const detail = await campaignDetail(args(`/app/reports/campaigns/${ids.spring}?${RANGE}`, { id: ids.spring }));
    expect(detail.campaign.budgetUsedPercent).toBe("49.0");
    expect(detail.influencers.map((r) => r.name)).toEqual(["Ben", "Ana"]);
    const summer = await campaignDetail(args(`/app/reports/campaigns/${ids.summer}?${RANGE}`, { id: ids.summer }));
    expect(summer.campaign.goal).toBe("AWARENESS");
    expect(summer.campaign.budget).toBeNull();
  });
});

describe("CSV export", () => {
  const read = async (path: string) => {
    const response = await csv(args(path));
    return { response, text: await response.text() };
  };

  it("has the fixed header, machine numbers, empty undefined ratios and neutralised text cells", async () => {
    const { response, text } = await read(`/app/reports/influencers.csv?${RANGE}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toContain("attachment");
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "influencer_id,influencer,codes,orders,new_customers,sales,discounts,refunds,net_sales,fees,commission,total_cost,roi_pct,roas,cpa,aov,currency," +
        "returning_customer_orders,repeat_orders,repeat_net_sales,survey_orders,survey_orders_without_code_or_link,dark_social_ratio",
    );
    expect(lines[0]).toBe(CSV_HEADER.join(","));
    expect(lines).toContain(`${ids.ana},Ana,ANA10;ANASUM,2,1,150.00,15.00,20.00,130.00,30.00,10.00,40.00,225.00,3.25,20.00,65.00,USD,1,1,50.00,0,0,0.00`);
    expect(lines).toContain(`${ids.ben},Ben,BEN5,1,1,80.00,4.00,0.00,80.00,0.00,8.00,8.00,900.00,10.00,8.00,80.00,USD,0,1,60.00,0,0,0.00`);
    expect(lines).toContain(`${ids.cleo},"'=HYPERLINK(""http://x.example"",""y"")",'@CLEO,1,0,25.00,0.00,0.00,25.00,0.00,0.00,0.00,,,0.00,25.00,USD,1,0,0.00,0,0,0.00`);
    expect(lines).toHaveLength(4);
  });

  it("covers all time without from and to, and answers 400 for bad dates", async () => {
    const { text } = await read(`/app/reports/influencers.csv`);
    const ana = text.split("\r\n").find((l) => l.startsWith(ids.ana))!;
    expect(ana).toContain(",50.00,10.00,60.00,"); // fees 30 + 20, commission 10
    const bad = await csv(args(`/app/reports/influencers.csv?from=2026-99-01`));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/YYYY-MM-DD/);
    const reversed = await csv(args(`/app/reports/influencers.csv?from=2026-04-15&to=2026-04-10`));
    expect(reversed.status).toBe(400);
  });
});

describe("results where the work happens, and every export", () => {
  const text = async (response: Response) => (await response.text()).trimEnd().split("\r\n");

  it("the influencer page opens with the range's figures and the latest orders, each saying how it was matched", async () => {
    const data = await influencerPage(args(`/app/influencers/${ids.ana}?${RANGE}`, { id: ids.ana }));
    expect(data.results.range).toEqual({ from: "2026-04-10", to: "2026-04-15" });
    expect(data.results.totals).toMatchObject({ orders: 2, netSales: "130.00", cost: "40.00", roiPercent: "225.0" });
    expect(data.results.series).toHaveLength(6);
    // Newest first, the cancelled order too (listed, not counted); ids as strings.
    expect(data.results.orders.map((o) => [o.name, o.source, o.code, o.campaign?.name, o.net, o.status, o.newCustomer])).toEqual([
      ["#2", "DISCOUNT_CODE", "ANASUM", "Summer", "50.00", null, false],
      ["#3", "DISCOUNT_CODE", "ANA10", "Spring", "200.00", "cancelled", false],
      ["#1", "DISCOUNT_CODE", "ANA10", "Spring", "80.00", "partiallyRefunded", true],
    ]);
    expect(data.results.orderCount).toBe(3);
    expect(typeof data.results.orders[0].id).toBe("string");
    expect(data.results.costsWithoutCampaign).toBe("0.00");
    expect(data.preset).toBe("custom");
    const week = await influencerPage(args(`/app/influencers/${ids.ana}?range=7d`, { id: ids.ana }));
    expect([week.preset, week.results.series.length]).toEqual(["7d", 7]);
  });

  it("the campaign page opens on the campaign's own dates and says which costs its figures leave out", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date("2026-04-20T12:00:00Z"));
      const page = await campaignPage(args(`/app/campaigns/${ids.spring}`, { id: ids.spring }));
      expect(page.results.range).toEqual({ from: "2026-04-01", to: "2026-04-20" });
      expect(page.results.totals).toMatchObject({ orders: 3, netSales: "220.00", fees: "30.00" });
      expect(page.results.orders.map((o) => [o.name, o.influencer?.name])).toEqual([
        ["#6", "Ben"],
        ["#5", "Ben"], // #4 and #5 share a creation time: the later order id first
        ["#4", "Ben"],
        ["#3", "Ana"],
        ["#1", "Ana"],
      ]);
      // Ana's fee of 20 on 04-16 was recorded without a campaign: left out of Spring, and said.
      expect(page.results.costsWithoutCampaign).toBe("20.00");
      const report = await campaignDetail(args(`/app/reports/campaigns/${ids.spring}`, { id: ids.spring }));
      expect([report.query.preset, report.query.range]).toEqual(["custom", { from: "2026-04-01", to: "2026-04-20" }]);
      expect(report.costsWithoutCampaign).toBe("20.00");
      // Asked for other dates, the report shows those.
      const asked = await campaignDetail(args(`/app/reports/campaigns/${ids.spring}?range=7d`, { id: ids.spring }));
      expect(asked.query.range).toEqual({ from: "2026-04-14", to: "2026-04-20" });
    } finally {
      vi.useRealTimers();
    }
    const filtered = await influencerList(args(`/app/reports/influencers?from=2026-04-10&to=2026-04-20&campaign=${ids.spring}`));
    expect(filtered.costsWithoutCampaign).toBe("20.00");
    const overview = await dashboard(args(`/app?from=2026-04-10&to=2026-04-20&campaign=${ids.spring}`));
    expect(overview.costsWithoutCampaign).toBe("20.00");
    // Outside the days of that cost, nothing is left out.
    expect((await dashboard(args(`/app?${RANGE}&campaign=${ids.spring}`))).costsWithoutCampaign).toBe("0.00");
  });

  it("the influencer report sorts by ROI unless asked otherwise", async () => {
    const data = await influencerList(args(`/app/reports/influencers?${RANGE}`));
    expect([data.query.sort, data.query.dir]).toEqual(["roi", "desc"]);
    expect(data.rows.map((r) => r.name)).toEqual(["Ben", "Ana", CLEO]);
  });

  it("order-level CSV: every attributed order of the period with how it was matched, filtered, streamed, no other shop", async () => {
    const lines = await text(await ordersCsv(args(`/app/reports/orders.csv?${RANGE}`)));
    expect(lines[0]).toBe(ORDERS_CSV_HEADER.join(","));
    expect(lines).toHaveLength(7); // #1 #2 #3 #4 #5 #7 (the test and cancelled orders say so)
    expect(lines).toContain(
      `${(ORDER_BASE + 1n).toString()},#1,2026-04-10,${ids.ana},Ana,${ids.spring},Spring,code,ANA10,,100.00,10.00,20.00,80.00,USD,USD,yes,partiallyRefunded`,
    );
    expect(lines.find((l) => l.includes(",#3,"))).toMatch(/,cancelled$/);
    expect(lines.find((l) => l.includes(",#5,"))).toMatch(/,test$/);
    expect(lines.find((l) => l.includes(",#7,"))).toContain(`"'=HYPERLINK(""http://x.example"",""y"")",,,code,'@CLEO,`);
    expect(lines.join("\n")).not.toContain("99999");
    const ben = await text(await ordersCsv(args(`/app/reports/orders.csv?influencer=${ids.ben}`)));
    expect(ben.slice(1).map((l) => l.split(",")[1])).toEqual(["#4", "#5", "#6"]);
    const spring = await text(await ordersCsv(args(`/app/reports/orders.csv?${RANGE}&campaign=${ids.spring}`)));
    expect(spring.slice(1).map((l) => l.split(",")[1]).sort()).toEqual(["#1", "#3", "#4", "#5"]);
    // Read a page at a time, every order comes once, in order, even across pages of two.
    const paged: string[] = [];
    for await (const o of eachAttributedOrder({ shopId: ids.shop, range: null }, 2)) paged.push(o.name);
    expect(paged).toEqual(["#1", "#3", "#2", "#7", "#4", "#5", "#6"]);
    const bad = await ordersCsv(args(`/app/reports/orders.csv?influencer=${encodeURIComponent("x' OR 1=1")}`));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/influencer must be an id/);
  });

  it("campaign CSV: one row per campaign with its dates, budget, spend and figures", async () => {
    const lines = await text(await campaignsCsv(args(`/app/reports/campaigns.csv?${RANGE}`)));
    expect(lines[0]).toBe(CAMPAIGNS_CSV_HEADER.join(","));
    expect(lines).toContain(`${ids.spring},Spring,CONVERSION,2026-04-01,,100.00,49.00,2,2,180.00,14.00,20.00,160.00,30.00,13.00,43.00,272.09,3.72,21.50,80.00,USD`);
    expect(lines).toHaveLength(3);
    expect((await campaignsCsv(args(`/app/reports/campaigns.csv?to=2026-13-01`))).status).toBe(400);
  });
});

describe("platform: where the order came from", () => {
  it("counts an order under the platform that sent it, else under the influencer's only platform", async () => {
    // Ben (TikTok profile only) sells through an Instagram story: Instagram's, not TikTok's.
    await ledgerOrder(DEMO_SHOP.domain, { code: "BEN5", day: "2026-04-23", sales: "70.00", referringSite: "https://l.instagram.com/?u=https%3A%2F%2Fshop" });
    const DAYS = "from=2026-04-16&to=2026-04-25";
    const instagram = await dashboard(args(`/app?${DAYS}&platform=INSTAGRAM`));
    expect(instagram.totals).toMatchObject({ orders: 1, netSales: "70.00", commission: "7.00" });
    const tiktok = await dashboard(args(`/app?${DAYS}&platform=TIKTOK`));
    expect(tiktok.totals).toMatchObject({ orders: 1, netSales: "60.00" }); // #6: no source, Ben's only platform
    const all = await dashboard(args(`/app?${DAYS}`));
    expect(all.totals).toMatchObject({ orders: 2, netSales: "130.00", commission: "13.00" });
    // The influencer table lists Ben under Instagram for that order although he has no profile there.
    const table = await influencerList(args(`/app/reports/influencers?${DAYS}&platform=INSTAGRAM`));
    expect(table.rows.find((r) => r.name === "Ben")?.metrics).toMatchObject({ orders: 1, netSales: "70.00" });
  });
});

describe("shop isolation", () => {
  it("never shows another shop's figures, even when asked for its ids", async () => {
    const foreignCampaign = await dashboard(args(`/app?${RANGE}&campaign=${other.campaignId}`));
    expect(foreignCampaign.totals).toMatchObject({ orders: 0, netSales: "0.00", cost: "0.00" });
    const all = await dashboard(args(`/app?${RANGE}`));
    expect(all.totals.netSales).toBe("235.00");
    const table = await influencerList(args(`/app/reports/influencers?${RANGE}`));
    expect(table.rows.map((r) => r.id)).not.toContain(other.influencerId);
    const { text } = { text: await (await csv(args(`/app/reports/influencers.csv`))).text() };
    expect(text).not.toContain(other.influencerId);
    expect(text).not.toContain("99999");
    await expect(influencerDetail(args(`/app/reports/influencers/${other.influencerId}`, { id: other.influencerId }))).rejects.toMatchObject({ status: 404 });
    await expect(campaignDetail(args(`/app/reports/campaigns/${other.campaignId}`, { id: other.campaignId }))).rejects.toMatchObject({ status: 404 });
  });

  it("asking for the other shop goes through Shopify authentication (no session: no data)", async () => {
    for (const call of [
      () => dashboard(args(`/app?shop=other.myshopify.com`)),
      () => csv(args(`/app/reports/influencers.csv?shop=other.myshopify.com`)),
      () => influencerList(args(`/app/reports/influencers?shop=other.myshopify.com`)),
    ]) {
      const outcome = await call().catch((thrown: unknown) => thrown);
      expect(outcome).toBeInstanceOf(Response);
      expect([302, 401, 410]).toContain((outcome as Response).status);
    }
    vi.unstubAllEnvs();
    const outcome = await csv(args(`/app/reports/influencers.csv`)).catch((thrown: unknown) => thrown);
    expect(outcome).toBeInstanceOf(Response);
    expect((outcome as Response).headers.get("Content-Type")).not.toBe("text/csv; charset=utf-8");
  });
});

describe("time zone boundaries", () => {
  it("counts an order on its creation date in the shop's time zone", async () => {
    const tzShop = "tz-shop.myshopify.com";
    const shop = await db.prisma.shop.create({ data: { domain: tzShop, name: "TZ", ianaTimezone: "America/Los_Angeles" } });
    const inf = await db.prisma.influencer.create({ data: { shopId: shop.id, name: "Late" } });
    await db.prisma.discountCode.create({ data: { shopId: shop.id, influencerId: inf.id, code: "LATE", value: "10" } });
    // 07:30 UTC on 1 March is 23:30 on 28 February in Los Angeles; 08:30 UTC is 00:30 on 1 March.
    for (const [id, createdAt, amount] of [["1001", "2026-03-01T07:30:00Z", "10.00"], ["1002", "2026-03-01T08:30:00Z", "20.00"]]) {
      const response = await deliver(
        "orders/create",
        orderPayload({
          orderId: id, created_at: createdAt, updated_at: createdAt,
          discount_codes: [{ code: "late", amount: "1.00", type: "fixed_amount" }],
          subtotal_price_set: { shop_money: { amount, currency_code: "USD" }, presentment_money: { amount, currency_code: "USD" } },
        }),
        { shop: tzShop },
      );
      expect(response.status).toBe(200);
    }
    const feb = await totals({ shopId: shop.id, range: { from: "2026-02-28", to: "2026-02-28" } });
    const mar = await totals({ shopId: shop.id, range: { from: "2026-03-01", to: "2026-03-01" } });
    expect([feb.orders, feb.netSales.toFixed(2)]).toEqual([1, "10.00"]);
    expect([mar.orders, mar.netSales.toFixed(2)]).toEqual([1, "20.00"]);
    // "This month" and "last 7 days" are computed in the shop's zone too.
    const now = new Date("2026-03-01T07:00:00Z"); // still 28 February in Los Angeles
    const month = parseReportParams(new URLSearchParams("range=month"), { ianaTimezone: "America/Los_Angeles", now });
    expect(month.query.range).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    const week = parseReportParams(new URLSearchParams("range=7d"), { ianaTimezone: "Asia/Tokyo", now });
    expect(week.query.range).toEqual({ from: "2026-02-23", to: "2026-03-01" });
  });
});
