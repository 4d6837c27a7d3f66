import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP } from "../../app/demo/demo-store.server";
import { rebuildRollups } from "../../app/models/rollups.server";
import { loader as influencerList } from "../../app/routes/app.reports.influencers._index";
import { loader as csv } from "../../app/routes/app.reports.influencers[.csv]";
import { applyToLedger, order, ORDER_BASE } from "../support/orders";
import { demoRouteTest } from "../support/routes";

/**
 * The dark-social ratio (docs/metrics.md): per influencer, the orders whose buyer named them in the
 * survey, those of them without the influencer's code or link, and that count ÷ the orders through
 * their code or link — on the report and in its CSV, through the routes.
 *
 * Bangkok shop (UTC+7), range 2026-10-01 … 2026-10-31:
 *   #1 JANE10, survey: Jane                → Jane named, tracked
 *   #2 JANE10, survey: Bob (chosen)        → Bob named, dark (credited to Jane)
 *   #3 not in the ledger, survey: Jane     → Jane named, dark
 *   #4 not in the ledger, free text matched to Jane, not confirmed → not counted
 *   #5 not in the ledger, free text matched to Jane, confirmed     → Jane named, dark
 *   #6 JANE10 cancelled, survey: Jane      → not counted
 *   #7 not in the ledger, survey: Jane, answered 2026-09-30 23:30 UTC = 1 October in Bangkok → counted
 *   #8 not in the ledger, survey: Jane, answered 2026-09-30 16:00 UTC = 30 September → outside
 *   #9 JANE10 (no answer)
 * Jane: code orders 3 (#1, #2, #9), named 4 (#1, #3, #5, #7), dark 3 → ratio 1.00. Bob: named 1,
 * dark 1, no code orders → no ratio.
 */

const { db } = demoRouteTest({ demoShop: false });
let jane: string;
let bob: string;
const RANGE = "from=2026-10-01&to=2026-10-31";

const args = (path: string) => ({ request: new Request(`http://localhost${path}`), params: {}, context: {} });

beforeAll(async () => {
  const p = db.prisma;
  const shop = await p.shop.create({ data: { domain: DEMO_SHOP.domain, name: "Dark Social", currencyCode: "USD", ianaTimezone: "Asia/Bangkok" } });
  jane = (await p.influencer.create({ data: { shopId: shop.id, name: "Jane" } })).id;
  bob = (await p.influencer.create({ data: { shopId: shop.id, name: "Bob" } })).id;
  await p.discountCode.create({ data: { shopId: shop.id, influencerId: jane, code: "JANE10", value: "10" } });
  const day = (d: number) => new Date(Date.UTC(2026, 9, d, 5));
  const codeOrder = (n: number, extra: Parameters<typeof order>[1] = {}) =>
    applyToLedger(shop, order(n, { createdAt: day(n), codes: [{ code: "JANE10", amount: "5.00" }], customer: null, ...extra }));
  await codeOrder(1);
  await codeOrder(2);
  await codeOrder(6, { cancelledAt: day(6) });
  await codeOrder(9);
  await rebuildRollups(shop.id, p);
  const answer = (n: number, data: { influencerId?: string; matchedInfluencerId?: string; confirmedAt?: Date; createdAt?: Date }) => ({
    shopId: shop.id, shopifyOrderId: ORDER_BASE + BigInt(n), channel: "influencer", createdAt: data.createdAt ?? day(n), ...data,
  });
  await p.surveyResponse.createMany({
    data: [
      answer(1, { influencerId: jane }),
      answer(2, { influencerId: bob }),
      answer(3, { influencerId: jane }),
      answer(4, { matchedInfluencerId: jane }),
      answer(5, { matchedInfluencerId: jane, confirmedAt: day(6) }),
      answer(6, { influencerId: jane }),
      answer(7, { influencerId: jane, createdAt: new Date("2026-09-30T23:30:00Z") }),
      answer(8, { influencerId: jane, createdAt: new Date("2026-09-30T16:00:00Z") }),
    ],
  });
});

describe("dark-social ratio", () => {
  it("the influencer report shows the survey orders, those without code or link, and the ratio", async () => {
    const page = await influencerList(args(`/app/reports/influencers?${RANGE}`));
    const row = (id: string) => page.rows.find((r) => r.id === id)!;
    expect(row(jane).metrics.orders).toBe(3);
    expect(row(jane).survey).toEqual({ named: 4, dark: 3, darkSocialRatio: "1.00" });
    expect(row(bob).survey).toEqual({ named: 1, dark: 1, darkSocialRatio: null });
    // Sorted by the ratio: an undefined ratio last.
    const sorted = await influencerList(args(`/app/reports/influencers?${RANGE}&sort=darkSocial&dir=desc`));
    expect(sorted.rows.map((r) => r.name)).toEqual(["Jane", "Bob"]);
    // A campaign filter: an answer has no campaign, so no survey figures.
    const campaign = await db.prisma.campaign.create({ data: { shopId: (await db.prisma.shop.findFirstOrThrow()).id, name: "Fall", startsOn: new Date("2026-10-01") } });
    const filtered = await influencerList(args(`/app/reports/influencers?${RANGE}&campaign=${campaign.id}`));
    expect(filtered.rows.every((r) => r.survey === null)).toBe(true);
  });

  it("the CSV carries the same three columns; empty under a campaign filter", async () => {
    const lines = (await (await csv(args(`/app/reports/influencers.csv?${RANGE}`))).text()).trimEnd().split("\r\n");
    const header = lines[0].split(",");
    expect(header.slice(-3)).toEqual(["survey_orders", "survey_orders_without_code_or_link", "dark_social_ratio"]);
    const cells = (id: string) => lines.find((l) => l.startsWith(id))!.split(",").slice(-3);
    expect(cells(jane)).toEqual(["4", "3", "1.00"]);
    expect(cells(bob)).toEqual(["1", "1", ""]);
    const campaign = await db.prisma.campaign.findFirstOrThrow();
    const filtered = (await (await csv(args(`/app/reports/influencers.csv?${RANGE}&campaign=${campaign.id}`))).text()).trimEnd().split("\r\n");
    expect(filtered.slice(1).every((l) => l.endsWith(",,,"))).toBe(true);
  });
});
