import { describe, expect, it, vi } from "vitest";
import { putEmulatorOrder } from "../../app/demo/admin-emulator/orders.server";
import { DEMO_SHOP } from "../../app/demo/demo-store.server";
import { storeSurveyAnswer } from "../../app/models/survey.server";
import { loader as dashboard } from "../../app/routes/app._index/route";
import * as rulesPage from "../../app/routes/app.attribution/route";
import { loader as influencerList } from "../../app/routes/app.reports.influencers._index";
import { loader as influencersCsv } from "../../app/routes/app.reports.influencers[.csv]";
import { loader as ordersCsvLoader } from "../../app/routes/app.reports.orders[.csv]";
import * as surveyPage from "../../app/routes/app.survey";
import { runPendingJobs } from "../../app/services/jobs.server";
import { recordSurveyAnswer } from "../../app/services/survey-credit.server";
import { OUTCOME_HEADER } from "../../app/services/webhook-ingest.server";
import { ORDER_BASE } from "../support/orders";
import { callRoute, demoRouteTest } from "../support/routes";
import { deliver, orderPayload } from "../webhooks/helpers";

/**
 * Issue 20, decision 037, through the routes: orders arrive as Shopify sends them carrying one
 * influencer's code and another's tracking link, and a survey answer names a third; the rules page
 * previews each influencer's figures under other rules without changing anything, applying them
 * recomputes the chosen period in the background, the reports and CSV follow, days outside the
 * period keep their figures, and bad input is refused with a reason and changes nothing.
 */

const { db } = demoRouteTest({ demoShop: false, reset: ["shop", "emulatorOrder"] });
const money = (amount: string) => ({
  shop_money: { amount, currency_code: "USD" },
  presentment_money: { amount, currency_code: "USD" },
});
const req = (path: string) => new Request(`http://localhost${path}`);
const args = (path: string) => ({
  request: req(path),
  params: {},
  context: {},
});
let n = 0n;

async function order(
  day: string,
  sales: string,
  extra: Record<string, unknown>
) {
  const orderId = (ORDER_BASE + 7000n + ++n).toString();
  const response = await deliver(
    "orders/create",
    orderPayload({
      orderId,
      name: `#R${n}`,
      created_at: `${day}T12:00:00Z`,
      updated_at: `${day}T12:00:00Z`,
      subtotal_price_set: money(sales),
      total_discounts_set: money("0.00"),
      customer: null,
      ...extra,
    }),
    { shop: DEMO_SHOP.domain }
  );
  expect([response.status, response.headers.get(OUTCOME_HEADER)]).toEqual([
    200,
    "APPLIED",
  ]);
  return orderId;
}

const JANE_CODE = {
  discount_codes: [{ code: "JANE10", amount: "0.00", type: "fixed_amount" }],
};
const ANA_LINK = {
  landing_site:
    "/discount/ANA20?utm_medium=influencer&utm_source=instagram&utm_campaign=drop&utm_content=reel&ct_link=ana-reel",
};

type Page = Awaited<ReturnType<typeof rulesPage.loader>>;
const rules = async (query: string) =>
  (await rulesPage.loader(args(`/app/attribution?${query}`))) as Page;
const reportRows = async (query: string) =>
  (
    JSON.parse(
      JSON.stringify(
        await influencerList(args(`/app/reports/influencers?${query}`))
      )
    ) as {
      rows: { name: string; metrics: { orders: number; netSales: string } }[];
    }
  ).rows
    .filter((r) => r.metrics.orders > 0)
    .map((r) => [
      r.name,
      r.metrics.orders,
      Number(r.metrics.netSales).toFixed(2),
    ])
    .sort();

describe("attribution rules the merchant controls (decision 037)", () => {
  it("previews, applies in the background, and leaves days outside the period as they were", async () => {
    vi.stubEnv("CODETRAIL_DEMO", "1");
    const p = db.prisma;
    const shop = await p.shop.create({
      data: {
        domain: DEMO_SHOP.domain,
        name: "Rules",
        currencyCode: "USD",
        ianaTimezone: "UTC",
      },
    });
    const [jane, ana, mia] = await Promise.all(
      ["Jane", "Ana", "Mia"].map((name) =>
        p.influencer.create({ data: { shopId: shop.id, name } })
      )
    );
    const janeCode = await p.discountCode.create({
      data: {
        shopId: shop.id,
        influencerId: jane.id,
        code: "JANE10",
        value: "10",
      },
    });
    const anaCode = await p.discountCode.create({
      data: {
        shopId: shop.id,
        influencerId: ana.id,
        code: "ANA20",
        value: "20",
      },
    });
    await p.trackingLink.create({
      data: {
        shopId: shop.id,
        influencerId: ana.id,
        discountCodeId: anaCode.id,
        slug: "ana-reel",
        platform: "INSTAGRAM",
        utmCampaign: "drop",
        utmContent: "reel",
        path: "/",
      },
    });
    await p.commissionRule.create({
      data: {
        shopId: shop.id,
        influencerId: ana.id,
        kind: "PERCENT_OF_NET_SALES",
        rate: "10",
      },
    });
    expect(janeCode.code).toBe("JANE10");

    // Jane's code and Ana's link on both days; on the 10th the buyer's survey names Mia.
    const early = await order("2026-03-05", "100.00", {
      ...JANE_CODE,
      ...ANA_LINK,
    });
    const late = await order("2026-03-10", "60.00", {
      ...JANE_CODE,
      ...ANA_LINK,
    });
    const surveyed = await order("2026-03-10", "40.00", JANE_CODE);
    expect(
      await storeSurveyAnswer(
        shop.id,
        {
          orderId: surveyed,
          channel: "influencer",
          influencerId: mia.id,
          locale: "en",
        } as never,
        null
      )
    ).toMatchObject({ stored: true });
    const before = await reportRows("from=2026-03-01&to=2026-03-31");
    expect(before).toEqual([["Jane", 3, "200.00"]]);
    const dashBefore = await dashboard(
      args("/app?from=2026-03-01&to=2026-03-07&compare=0")
    );

    // The preview: links first, for 8–31 March. Nothing changes yet.
    const preview = await rules(
      "precedence=LINK,CODE,SURVEY&from=2026-03-08&to=2026-03-31"
    );
    expect(preview.current).toEqual({
      precedence: ["CODE", "LINK", "SURVEY"],
      creditSurveyOnly: false,
    });
    expect(
      preview.preview?.map((r) => [
        r.name,
        r.ordersBefore,
        r.ordersAfter,
        r.netAfter,
        r.commissionAfter,
        r.movedIn,
        r.movedOut,
      ])
    ).toEqual([
      ["Ana", 0, 1, "60.0000", "6.00000000", 1, 0],
      ["Jane", 2, 1, "40.0000", "0.00000000", 0, 1],
    ]);
    expect(await reportRows("from=2026-03-01&to=2026-03-31")).toEqual(before);

    // Refused: a precedence naming a signal twice, a period that ends before it starts.
    for (const form of [
      {
        intent: "apply",
        precedence: "CODE,CODE,LINK",
        surveyOnly: "report",
        from: "2026-03-08",
        to: "2026-03-31",
      },
      {
        intent: "apply",
        precedence: "LINK,CODE,SURVEY",
        surveyOnly: "report",
        from: "2026-03-31",
        to: "2026-03-08",
      },
      {
        intent: "apply",
        precedence: "LINK,CODE,SURVEY",
        surveyOnly: "report",
        from: "yesterday",
        to: "2026-03-08",
      },
      {
        intent: "apply",
        precedence: "LINK,CODE,SURVEY",
        surveyOnly: "sometimes",
        from: "2026-03-08",
        to: "2026-03-31",
      },
    ]) {
      expect(
        (await callRoute(rulesPage.action, { path: "/app/attribution", form }))
          .status
      ).toBe(400);
    }
    expect(
      (await p.shop.findUniqueOrThrow({ where: { id: shop.id } }))
        .attributionPrecedence
    ).toEqual(["CODE", "LINK", "SURVEY"]);
    expect(await p.backgroundJob.count({ where: { shopId: shop.id } })).toBe(0);

    const applied = await callRoute<{ ok: boolean; jobId: string }>(
      rulesPage.action,
      {
        path: "/app/attribution",
        form: {
          intent: "apply",
          precedence: "LINK,CODE,SURVEY",
          surveyOnly: "report",
          from: "2026-03-08",
          to: "2026-03-31",
        },
      }
    );
    expect(applied.body).toMatchObject({ ok: true });
    expect((await rules("")).job).toMatchObject({ status: "QUEUED", total: 2 });
    while ((await runPendingJobs()) > 0);
    expect((await rules("")).job).toMatchObject({
      status: "SUCCEEDED",
      done: 2,
      total: 2,
      changed: 1,
      from: "2026-03-08",
      to: "2026-03-31",
    });

    const lateRow = await p.attributedOrder.findFirstOrThrow({
      where: { shopId: shop.id, shopifyOrderId: BigInt(late) },
    });
    expect([lateRow.influencerId, lateRow.source, lateRow.matchedCode]).toEqual(
      [ana.id, "TRACKING_LINK", "ANA20"]
    );
    // The link's own row and campaign follow the new winner.
    expect(lateRow.trackingLinkId).not.toBeNull();
    // 5 March was outside the period: still Jane's, and that week's dashboard is unchanged.
    expect(
      (
        await p.attributedOrder.findFirstOrThrow({
          where: { shopId: shop.id, shopifyOrderId: BigInt(early) },
        })
      ).influencerId
    ).toBe(jane.id);
    expect(
      await dashboard(args("/app?from=2026-03-01&to=2026-03-07&compare=0"))
    ).toEqual(dashBefore);
    expect(await reportRows("from=2026-03-01&to=2026-03-31")).toEqual([
      ["Ana", 1, "60.00"],
      ["Jane", 2, "140.00"],
    ]);
    const csv = (
      await (
        await influencersCsv(
          args("/app/reports/influencers.csv?from=2026-03-01&to=2026-03-31")
        )
      ).text()
    ).split("\r\n");
    expect(csv.find((l) => l.includes("Ana"))).toContain("60.00");

    // A new order follows the new rules at once; then the survey first: Mia gets the order she was named for.
    const next = await order("2026-03-12", "25.00", {
      ...JANE_CODE,
      ...ANA_LINK,
    });
    expect(
      (
        await p.attributedOrder.findFirstOrThrow({
          where: { shopId: shop.id, shopifyOrderId: BigInt(next) },
        })
      ).influencerId
    ).toBe(ana.id);
    await callRoute(rulesPage.action, {
      path: "/app/attribution",
      form: {
        intent: "apply",
        precedence: "SURVEY,LINK,CODE",
        surveyOnly: "report",
        from: "2026-03-01",
        to: "2026-03-31",
      },
    });
    while ((await runPendingJobs()) > 0);
    const miaOrder = await p.attributedOrder.findFirstOrThrow({
      where: { shopId: shop.id, shopifyOrderId: BigInt(surveyed) },
    });
    expect([
      miaOrder.influencerId,
      miaOrder.source,
      miaOrder.discountCodeId,
    ]).toEqual([mia.id, "SURVEY", null]);
    expect(await reportRows("from=2026-03-01&to=2026-03-31")).toEqual([
      ["Ana", 3, "185.00"],
      ["Mia", 1, "40.00"],
    ]);
    vi.unstubAllEnvs();
  });

  it("credits orders the survey alone names when the shop chooses to, reading them from the Admin API, and takes them out again", async () => {
    vi.stubEnv("CODETRAIL_DEMO", "1");
    const p = db.prisma;
    const shop = await p.shop.create({
      data: { domain: DEMO_SHOP.domain, name: "Survey credit", currencyCode: "USD", ianaTimezone: "UTC" },
    });
    const [jane, mia] = await Promise.all(["Jane", "Mia"].map((name) => p.influencer.create({ data: { shopId: shop.id, name } })));
    await p.discountCode.create({ data: { shopId: shop.id, influencerId: jane.id, code: "JANE10", value: "10" } });
    await p.commissionRule.create({ data: { shopId: shop.id, influencerId: mia.id, kind: "PERCENT_OF_NET_SALES", rate: "10" } });

    /** An order with none of the shop's codes or links: its webhook keeps nothing but the shop's facts. */
    const untracked = async (day: string, sales: string, { webhook = true } = {}) => {
      const orderId = (ORDER_BASE + 7500n + ++n).toString();
      await putEmulatorOrder(p, DEMO_SHOP.domain, {
        id: BigInt(orderId),
        name: `#S${n}`,
        createdAt: new Date(`${day}T12:00:00Z`),
        subtotal: sales,
      });
      const deliverIt = async () => {
        const response = await deliver(
          "orders/create",
          orderPayload({
            orderId,
            name: `#S${n}`,
            created_at: `${day}T12:00:00Z`,
            updated_at: `${day}T12:00:00Z`,
            subtotal_price_set: money(sales),
            total_discounts_set: money("0.00"),
            customer: null,
            landing_site: null,
          }),
          { shop: DEMO_SHOP.domain },
        );
        return response.headers.get(OUTCOME_HEADER);
      };
      if (webhook) expect(await deliverIt()).toBe("IGNORED");
      return { orderId, deliverIt };
    };
    const answer = (orderId: string, fields: Record<string, unknown>) =>
      recordSurveyAnswer(shop.id, { orderId, channel: "influencer", locale: "en", ...fields } as never, null);
    const stored = (orderId: string) => p.attributedOrder.findFirst({ where: { shopId: shop.id, shopifyOrderId: BigInt(orderId) } });
    const creditJobs = () => p.backgroundJob.count({ where: { shopId: shop.id, kind: "survey-credit" } });
    const apply = (surveyOnly: string) =>
      callRoute<{ ok: boolean }>(rulesPage.action, {
        path: "/app/attribution",
        form: { intent: "apply", precedence: "CODE,LINK,SURVEY", surveyOnly, from: "2026-04-01", to: "2026-04-30" },
      });

    // Reported only (the default): the answer is kept, the order is not credited, nothing is read.
    const first = await untracked("2026-04-05", "80.00");
    expect(await answer(first.orderId, { influencerId: mia.id })).toMatchObject({ stored: true });
    while ((await runPendingJobs()) > 0);
    expect([await stored(first.orderId), await creditJobs()]).toEqual([null, 0]);

    // The preview counts it for Mia from the shop's order facts; nothing changes yet.
    const preview = await rules("precedence=CODE,LINK,SURVEY&surveyOnly=credit&from=2026-04-01&to=2026-04-30");
    expect(preview.form.surveyOnly).toBe("credit");
    expect(preview.preview?.map((r) => [r.name, r.ordersBefore, r.ordersAfter, r.netAfter, r.commissionAfter, r.movedIn])).toEqual([
      ["Mia", 0, 1, "80.0000", "8.00000000", 1],
    ]);
    expect(await stored(first.orderId)).toBeNull();

    // Applied: the recomputation queues the read, the read credits the order to Mia.
    expect((await apply("credit")).body).toMatchObject({ ok: true });
    while ((await runPendingJobs()) > 0);
    expect((await rules("")).job).toMatchObject({ status: "SUCCEEDED", surveyQueued: 1 });
    expect((await rules("")).current).toEqual({ precedence: ["CODE", "LINK", "SURVEY"], creditSurveyOnly: true });
    const credited = await stored(first.orderId);
    expect([credited?.influencerId, credited?.source, credited?.discountCodeId, credited?.name, credited?.sales.toFixed(2)]).toEqual([
      mia.id,
      "SURVEY",
      null,
      `#S${n}`,
      "80.00",
    ]);
    expect(await reportRows("from=2026-04-01&to=2026-04-30")).toEqual([["Mia", 1, "80.00"]]);
    const ordersCsv = (await (await ordersCsvLoader(args("/app/reports/orders.csv?from=2026-04-01&to=2026-04-30"))).text()).split("\r\n");
    expect(ordersCsv[1]).toContain(`,Mia,,,survey,,,80.00,`);

    // From now on: an answer after its order's webhook queues the read in the answer's transaction…
    const second = await untracked("2026-04-07", "30.00");
    await answer(second.orderId, { influencerId: mia.id });
    expect(await creditJobs()).toBe(2);
    while ((await runPendingJobs()) > 0);
    expect((await stored(second.orderId))?.influencerId).toBe(mia.id);
    // …an answer before it needs no read: the webhook credits it.
    const third = await untracked("2026-04-08", "20.00", { webhook: false });
    await answer(third.orderId, { influencerId: mia.id });
    expect(await creditJobs()).toBe(2);
    expect(await third.deliverIt()).toBe("APPLIED");
    expect((await stored(third.orderId))?.source).toBe("SURVEY");
    // …and a typed name credits once the owner confirms the match.
    const typed = await untracked("2026-04-09", "10.00");
    const typedAnswer = await answer(typed.orderId, { freeText: "mia" });
    expect(typedAnswer).toMatchObject({ stored: true, matchedInfluencerId: mia.id });
    while ((await runPendingJobs()) > 0);
    expect(await stored(typed.orderId)).toBeNull();
    const confirm = await callRoute(surveyPage.action, {
      path: "/app/survey",
      form: { intent: "confirm", id: (typedAnswer as { id: string }).id },
    });
    expect(confirm.status).toBe(200);
    while ((await runPendingJobs()) > 0);
    expect((await stored(typed.orderId))?.influencerId).toBe(mia.id);
    expect(await reportRows("from=2026-04-01&to=2026-04-30")).toEqual([["Mia", 4, "140.00"]]);

    // Back to reporting only: the recomputation takes the survey-only orders out again.
    expect((await apply("report")).body).toMatchObject({ ok: true });
    while ((await runPendingJobs()) > 0);
    expect(await reportRows("from=2026-04-01&to=2026-04-30")).toEqual([]);
    expect(await p.attributedOrder.count({ where: { shopId: shop.id } })).toBe(0);
    vi.unstubAllEnvs();
  });
});
