import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  DEFAULT_PRECEDENCE,
  PRECEDENCE_CHOICES,
} from "../../app/lib/attribution-precedence";
import { createTestDatabase, type TestDatabase } from "../support/database";
import {
  apply,
  ORDER_BASE,
  orderArgument,
  orderVersion,
  seedShop,
  setPrecedence,
  SHOP,
  snapshot,
  storeSurvey,
  surveyAnswer,
} from "../support/ledger-fixture";
import { checkProperty } from "../support/property";

/**
 * Changing the attribution precedence (decision 037) against a from-scratch recomputation: the
 * same orders, refunds and survey answers go into two databases. One starts under precedence A and
 * is switched to B, its stored orders re-attributed (codetrail_reattribute) one page at a time as
 * the background job does; the other is under B from the start. Every ledger row and both rollups
 * must agree. Before the switch, the preview (codetrail_attribution_preview) must predict each
 * influencer's orders, net sales and commission after it exactly. Survey answers arrive before or
 * after their order, and an answer re-attributes its order as the survey endpoint does.
 */

let changed: TestDatabase;
let fresh: TestDatabase;
let cases = 0;

beforeAll(async () => {
  changed = await createTestDatabase();
  fresh = await createTestDatabase({ install: false });
  await seedShop(changed);
  await seedShop(fresh);
});
afterAll(async () => {
  await fresh.destroy();
  await changed.destroy();
});

const step = fc.integer({ min: 0, max: 12 }).chain((n) =>
  fc.record({
    versions: fc.array(orderVersion(n), { minLength: 1, maxLength: 2 }),
    survey: surveyAnswer,
    surveyFirst: fc.boolean(),
  })
);

const scenario = fc.record({
  orders: fc.array(step, { minLength: 1, maxLength: 12 }),
  from: fc.constantFrom(...PRECEDENCE_CHOICES),
  to: fc.constantFrom(...PRECEDENCE_CHOICES),
  page: fc.integer({ min: 1, max: 5 }),
});
type Scenario = ReturnType<typeof scenario.generate>["value"];

async function reattribute(db: TestDatabase, orderIds: string[] | null) {
  await db.prisma.$queryRawUnsafe(
    `SELECT codetrail_reattribute($1, $2::bigint[], NULL, NULL, timezone('UTC', now())::timestamp(3))`,
    SHOP,
    orderIds
  );
}

async function clear(db: TestDatabase) {
  for (const table of [
    "AttributedOrder",
    "OrderRefund",
    "DailyRollup",
    "RepeatPurchaseRollup",
    "ShopOrder",
    "SurveyResponse",
  ]) {
    await db.prisma.$executeRawUnsafe(
      `DELETE FROM "${table}" WHERE "shopId" = $1`,
      SHOP
    );
  }
}

/** Orders, net sales and commission per influencer, from the rollups (what the reports read). */
async function figures(db: TestDatabase) {
  const rows = await db.prisma.$queryRawUnsafe<
    { inf: string; orders: number; net: string; commission: string }[]
  >(
    `SELECT "influencerId" AS inf, sum("orders")::int AS orders, (sum("sales") - sum("refunds"))::numeric(28,8)::text AS net,
            sum("commission")::numeric(28,8)::text AS commission
       FROM "DailyRollup" WHERE "shopId" = $1 AND "influencerId" <> '' GROUP BY 1 HAVING sum("orders") <> 0 OR sum("commission") <> 0 ORDER BY 1`,
    SHOP
  );
  return rows.map((r) => ({ ...r, orders: Number(r.orders) }));
}

async function preview(db: TestDatabase, precedence: readonly string[]) {
  const rows = await db.prisma.$queryRawUnsafe<
    { inf: string; orders: number; net: string; commission: string }[]
  >(
    `SELECT influencer_id AS inf, orders_after AS orders, net_after::numeric(28,8)::text AS net, commission_after::numeric(28,8)::text AS commission
       FROM codetrail_attribution_preview($1, $2::text[], NULL, NULL)
      WHERE orders_after <> 0 OR commission_after <> 0 ORDER BY 1`,
    SHOP,
    [...precedence]
  );
  return rows.map((r) => ({ ...r, orders: Number(r.orders) }));
}

async function ingest(
  db: TestDatabase,
  caseId: number,
  orders: Scenario["orders"]
) {
  let refundSeq = ORDER_BASE + BigInt(caseId) * 1000n + 500n;
  for (const [n, s] of orders.entries()) {
    const orderId = (
      ORDER_BASE +
      BigInt(caseId) * 1000n +
      BigInt(n)
    ).toString();
    const answer = async () => {
      if (!s.survey) return;
      await storeSurvey(db, orderId, s.survey);
      await reattribute(db, [orderId]);
    };
    if (s.surveyFirst) await answer();
    for (const version of s.versions) {
      const refundIds = version.refunds.map(() => ++refundSeq);
      await apply(db, {
        shopId: SHOP,
        order: orderArgument(caseId, n, version, refundIds),
      });
    }
    if (!s.surveyFirst) await answer();
  }
}

async function switchingEqualsFromScratch({
  orders,
  from,
  to,
  page,
}: Scenario) {
  const caseId = ++cases;
  await clear(changed);
  await clear(fresh);

  await setPrecedence(changed, from);
  await ingest(changed, caseId, orders);
  const predicted = await preview(changed, to);
  await setPrecedence(changed, to);
  const ids = await changed.prisma.attributedOrder.findMany({
    where: { shopId: SHOP },
    select: { shopifyOrderId: true },
    orderBy: { shopifyOrderId: "asc" },
  });
  for (let i = 0; i < ids.length; i += page) {
    await reattribute(
      changed,
      ids.slice(i, i + page).map((r) => r.shopifyOrderId.toString())
    );
  }

  await setPrecedence(fresh, to);
  await ingest(fresh, caseId, orders);

  expect(await snapshot(changed)).toEqual(await snapshot(fresh));
  expect(await figures(changed)).toEqual(predicted);
}

it("changing the precedence recomputes figures exactly as a from-scratch recomputation would", async () => {
  await checkProperty(
    "precedence change equals from scratch",
    fc.asyncProperty(scenario, switchingEqualsFromScratch),
    {
      numRuns: 40,
      budgetMs: 60_000,
      minRuns: 5,
    }
  );
}, 120_000);

/** A new customer's order with Jane's code and nothing else. */
function janeCodeOrder(customer: number, sales: string) {
  return {
    hour: 5,
    updatedMinutes: 0,
    customer,
    discountCodes: ["JANE15"],
    link: null,
    evidence: true,
    sales,
    discounts: "0.00",
    cancelled: false,
    test: false,
    refunds: [],
  };
}

it("the default precedence keeps the code first: a survey naming someone else changes nothing", async () => {
  const caseId = ++cases;
  await clear(changed);
  await setPrecedence(changed, DEFAULT_PRECEDENCE);
  const version = janeCodeOrder(1, "100.00");
  await ingest(changed, caseId, [
    {
      versions: [version],
      survey: { influencerId: "inf-ana", confirmedMatch: false },
      surveyFirst: false,
    },
  ]);
  const stored = await changed.prisma.attributedOrder.findFirstOrThrow({
    where: { shopId: SHOP },
  });
  expect([stored.influencerId, stored.source]).toEqual([
    "inf-jane",
    "DISCOUNT_CODE",
  ]);

  await setPrecedence(changed, ["SURVEY", "CODE", "LINK"]);
  await reattribute(changed, null);
  const moved = await changed.prisma.attributedOrder.findFirstOrThrow({
    where: { shopId: SHOP },
  });
  expect([moved.influencerId, moved.source, moved.discountCodeId]).toEqual([
    "inf-ana",
    "SURVEY",
    null,
  ]);
  expect(await figures(changed)).toEqual([
    {
      inf: "inf-ana",
      orders: 1,
      net: "100.00000000",
      commission: "7.33330000",
    },
  ]);
});

it("an order on a commission statement keeps its influencer", async () => {
  const caseId = ++cases;
  await clear(changed);
  await setPrecedence(changed, DEFAULT_PRECEDENCE);
  const version = janeCodeOrder(2, "80.00");
  await ingest(changed, caseId, [
    {
      versions: [version],
      survey: { influencerId: "inf-ana", confirmedMatch: true },
      surveyFirst: true,
    },
  ]);
  const order = await changed.prisma.attributedOrder.findFirstOrThrow({
    where: { shopId: SHOP },
  });
  const statement = await changed.prisma.commissionStatement.create({
    data: {
      shopId: SHOP,
      influencerId: "inf-jane",
      periodEnd: new Date("2026-10-31"),
      payable: "10",
      adjustments: "0",
      total: "10",
      approvedAt: new Date("2026-11-01"),
    },
  });
  await changed.prisma.commissionStatementLine.create({
    data: {
      shopId: SHOP,
      statementId: statement.id,
      shopifyOrderId: order.shopifyOrderId,
      orderName: order.name,
      shopDate: order.shopDate,
      kind: "COMMISSION",
      amount: "10",
    },
  });
  await setPrecedence(changed, ["SURVEY", "CODE", "LINK"]);
  expect(
    (await preview(changed, ["SURVEY", "CODE", "LINK"])).map((r) => r.inf)
  ).toEqual(["inf-jane"]);
  await reattribute(changed, null);
  expect(
    (
      await changed.prisma.attributedOrder.findFirstOrThrow({
        where: { shopId: SHOP },
      })
    ).influencerId
  ).toBe("inf-jane");
  await changed.prisma.commissionStatement.delete({
    where: { id: statement.id },
  });
});
