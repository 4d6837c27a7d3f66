import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO_SHOP } from "../../app/demo/demo-store.server";
import { rebuildRollups } from "../../app/models/rollups.server";
import { loader as dashboard } from "../../app/routes/app._index/route";
import * as influencerPage from "../../app/routes/app.influencers.$id/route";
import * as portalOwner from "../../app/routes/app.influencers.$id.portal";
import { loader as influencerReport } from "../../app/routes/app.reports.influencers.$id";
import { loader as influencerList } from "../../app/routes/app.reports.influencers._index";
import { loader as influencersCsv } from "../../app/routes/app.reports.influencers[.csv]";
import { loader as campaignsCsv } from "../../app/routes/app.reports.campaigns[.csv]";
import * as portalRoute from "../../app/routes/portal.$token/route";
import { OUTCOME_HEADER } from "../../app/services/webhook-ingest.server";
import { ORDER_BASE } from "../support/orders";
import { callRoute, demoRouteTest } from "../support/routes";
import { deliver, orderPayload, refundPayload } from "../webhooks/helpers";

/**
 * Issue 19, decision 029: changing a commission rule starts a new term and leaves every figure of
 * the days before it unchanged, on every page that shows commission (dashboard, influencer page,
 * reports, CSVs, portal), even after a rebuild; a refund after the change reverses the rate the
 * order accrued at; orders on and after the new term's first day earn the new rate. Orders arrive
 * as Shopify sends them (signed webhooks through the routes), the rule changes through the
 * influencer page's form, and the shop's "today" is a faked clock.
 */

const { db } = demoRouteTest({ demoShop: false });
let shopId: string;
let janeId: string;
let campaignId: string;
let portalToken: string;

const money = (amount: string) => ({ shop_money: { amount, currency_code: "USD" }, presentment_money: { amount, currency_code: "USD" } });
let orderCount = 0n;
const req = (path: string) => new Request(`http://localhost${path}`);
const args = (path: string, params: Record<string, string> = {}) => ({ request: req(path), params, context: {} });
const lines = async (response: Response) => (await response.text()).trimEnd().split("\r\n");

async function send(topic: Parameters<typeof deliver>[0], body: string | object) {
  const response = await deliver(topic, body, { shop: DEMO_SHOP.domain });
  expect([response.status, response.headers.get(OUTCOME_HEADER)]).toEqual([200, "APPLIED"]);
}

/** An order with JANE10 at noon UTC on `day`; returns its id. */
async function order(day: string, sales: string) {
  const n = ++orderCount;
  const orderId = (ORDER_BASE + n).toString();
  await send(
    "orders/create",
    orderPayload({
      orderId,
      name: `#${n}`,
      created_at: `${day}T12:00:00Z`,
      updated_at: `${day}T12:00:00Z`,
      discount_codes: [{ code: "JANE10", amount: "0.00", type: "fixed_amount" }],
      subtotal_price_set: money(sales),
      total_discounts_set: money("0.00"),
      customer: null,
    }),
  );
  return orderId;
}

function today(iso: string) {
  vi.setSystemTime(new Date(`${iso}T12:00:00Z`));
}

async function saveCommission(form: Record<string, string>) {
  return callRoute(influencerPage.action, { path: `/app/influencers/${janeId}`, params: { id: janeId }, form: { intent: "commission", ...form } });
}

async function portal() {
  const result = (await portalRoute.loader({
    request: req(`/portal/${portalToken}`),
    params: { token: portalToken },
    context: { peerAddress: "10.9.0.1" },
  })) as unknown as { data: Awaited<ReturnType<typeof portalRoute.loader>> extends { data: infer D } ? D : never };
  return result.data;
}

const PAST = "from=2026-04-01&to=2026-04-09";

/** Every figure the app shows for the days before 10 April. */
async function figuresBeforeTheChange() {
  const dash = await dashboard(args(`/app?${PAST}&compare=0`));
  const page = await influencerPage.loader(args(`/app/influencers/${janeId}?${PAST}`, { id: janeId }));
  const list = await influencerList(args(`/app/reports/influencers?${PAST}`));
  const report = await influencerReport(args(`/app/reports/influencers/${janeId}?${PAST}`, { id: janeId }));
  const p = await portal();
  return {
    dashboard: { totals: dash.totals, series: dash.series },
    page: page.results,
    list: JSON.parse(JSON.stringify(list)).rows,
    report: JSON.parse(JSON.stringify(report)),
    influencersCsv: await lines(await influencersCsv(args(`/app/reports/influencers.csv?${PAST}`))),
    campaignsCsv: await lines(await campaignsCsv(args(`/app/reports/campaigns.csv?${PAST}`))),
    portalDays: p.days.filter((d) => d.date <= "2026-04-09"),
  };
}

beforeAll(async () => {
  const p = db.prisma;
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.stubEnv("CODETRAIL_DEMO", "1");
  try {
    today("2026-04-01");
    const shop = await p.shop.create({ data: { domain: DEMO_SHOP.domain, name: "Terms", currencyCode: "USD", ianaTimezone: "UTC" } });
    shopId = shop.id;
    const spring = await p.campaign.create({ data: { shopId, name: "Spring", goal: "CONVERSION", startsOn: new Date("2026-04-01T00:00:00Z") } });
    campaignId = spring.id;
    const jane = await p.influencer.create({ data: { shopId, name: "Jane" } });
    janeId = jane.id;
    await p.campaignInfluencer.create({ data: { shopId, campaignId, influencerId: janeId } });
    await p.discountCode.create({ data: { shopId, influencerId: janeId, campaignId, code: "JANE10", value: "10" } });
    const issued = await callRoute<{ ok: boolean; url: string }>(portalOwner.action, {
      path: `/app/influencers/${janeId}/portal`,
      params: { id: janeId },
      form: { intent: "issue" },
    });
    portalToken = issued.body.url.split("/portal/")[1];
    // The deal from 1 April: 10 % of net sales.
    expect((await saveCommission({ kind: "PERCENT_OF_NET_SALES", rate: "10" })).body).toMatchObject({ ok: true });
  } finally {
    vi.unstubAllEnvs();
  }
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("a commission rule change (decision 029)", () => {
  it("leaves every figure of the days before the new term unchanged, reverses refunds at the accrued rate and prices new orders by the new term", async () => {
    vi.stubEnv("CODETRAIL_DEMO", "1");
    today("2026-04-09");
    const early = await order("2026-04-02", "100.00");
    await order("2026-04-05", "250.00");
    const refunded = await order("2026-04-08", "80.00");
    await send("refunds/create", refundPayload(refunded, (ORDER_BASE + 900n).toString(), ["30.00"]));

    today("2026-04-10");
    const before = await figuresBeforeTheChange();
    // 10 % of (100 + 250 + 50) = 40.00
    expect(before.dashboard.totals).toMatchObject({ orders: 3, netSales: "400.00", commission: "40.00" });
    expect(before.portalDays.find((d) => d.date === "2026-04-05")).toMatchObject({ commission: "25.00" });

    // From today, 20 % (the form leaves the start date empty: today in the shop's time zone).
    expect((await saveCommission({ kind: "PERCENT_OF_NET_SALES", rate: "20" })).body).toMatchObject({ ok: true });
    expect(await figuresBeforeTheChange()).toEqual(before);
    // A rebuild of the rollups sums what each order accrued: still unchanged.
    await rebuildRollups(shopId, db.prisma);
    expect(await figuresBeforeTheChange()).toEqual(before);

    // The term history, on the influencer page and in the portal.
    const page = await influencerPage.loader(args(`/app/influencers/${janeId}`, { id: janeId }));
    expect(page.terms.map((t) => [t.kind, t.rate, t.startsOn, t.endsOn])).toEqual([
      ["PERCENT_OF_NET_SALES", "20", "2026-04-10", null],
      ["PERCENT_OF_NET_SALES", "10", "2026-04-01", "2026-04-09"],
    ]);
    expect((await portal()).terms.map((t) => [t.rate, t.startsOn, t.endsOn, t.campaign])).toEqual([
      ["20", "2026-04-10", null, null],
      ["10", "2026-04-01", "2026-04-09", null],
    ]);

    // A refund after the change takes back 10 % of what it refunds (the rate that order accrued at).
    await send("refunds/create", refundPayload(early, (ORDER_BASE + 901n).toString(), ["40.00"]));
    const afterRefund = await dashboard(args(`/app?${PAST}&compare=0`));
    expect(afterRefund.totals).toMatchObject({ netSales: "360.00", commission: "36.00" });
    const stored = await db.prisma.attributedOrder.findFirstOrThrow({ where: { shopId, shopifyOrderId: BigInt(early) } });
    expect([stored.commissionRate?.toFixed(2), stored.commission.toFixed(2), stored.commissionReversed.toFixed(2)]).toEqual(["10.00", "6.00", "4.00"]);

    // Orders from the new term's first day earn 20 %.
    await order("2026-04-10", "50.00");
    const todays = await dashboard(args(`/app?from=2026-04-10&to=2026-04-10&compare=0`));
    expect(todays.totals).toMatchObject({ orders: 1, netSales: "50.00", commission: "10.00" });
    // And the whole period adds up: 36 + 10.
    expect((await dashboard(args(`/app?from=2026-04-01&to=2026-04-10&compare=0`))).totals.commission).toBe("46.00");
  });

  it("refuses a term starting in the past through the route (400, nothing changed)", async () => {
    vi.stubEnv("CODETRAIL_DEMO", "1");
    today("2026-04-12");
    const rules = () => db.prisma.commissionRule.findMany({ where: { shopId }, orderBy: { id: "asc" } });
    const before = await rules();
    const res = await saveCommission({ kind: "PERCENT_OF_NET_SALES", rate: "30", startsOn: "2026-04-05" });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ fieldErrors: { startsOn: "validation.commission.startsInPast" } });
    expect(await rules()).toEqual(before);
  });
});
