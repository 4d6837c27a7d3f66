import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  DEFAULT_PRECEDENCE,
  PRECEDENCE_CHOICES,
} from "../../app/lib/attribution-precedence";
import { surveyOnlyOrdersToCredit } from "../../app/models/attribution-rules.server";
import { redactSurveyAnswers } from "../../app/models/survey.server";
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

/** A shop's rules: the precedence and whether the survey alone credits an order (decision 038). */
const rules = fc.record({
  precedence: fc.constantFrom(...PRECEDENCE_CHOICES),
  credit: fc.boolean(),
});
type Rules = ReturnType<typeof rules.generate>["value"];

const scenario = fc.record({
  orders: fc.array(step, { minLength: 1, maxLength: 12 }),
  from: rules,
  to: rules,
  page: fc.integer({ min: 1, max: 5 }),
});
type Scenario = ReturnType<typeof scenario.generate>["value"];
type Step = Scenario["orders"][number];

async function setRules(db: TestDatabase, r: Rules) {
  await setPrecedence(db, r.precedence);
  await db.prisma.shop.update({
    where: { id: SHOP },
    data: { creditSurveyOnly: r.credit },
  });
}

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

async function preview(db: TestDatabase, r: Rules) {
  const rows = await db.prisma.$queryRawUnsafe<
    { inf: string; orders: number; net: string; commission: string }[]
  >(
    `SELECT influencer_id AS inf, orders_after AS orders, net_after::numeric(28,8)::text AS net, commission_after::numeric(28,8)::text AS commission
       FROM codetrail_attribution_preview($1, $2::text[], $3, NULL, NULL)
      WHERE orders_after <> 0 OR commission_after <> 0 ORDER BY 1`,
    SHOP,
    [...r.precedence],
    r.credit
  );
  return rows.map((row) => ({ ...row, orders: Number(row.orders) }));
}

/**
 * Each order's versions in arrival order, as Shopify would send them: one creation time, customer,
 * codes and landing page; distinct update times; each version carrying every refund of the versions
 * before it in time (same refund ids) and its own; Shopify's new-customer evidence true only for
 * a customer's first order.
 */
function prepare(caseId: number, orders: Step[]) {
  const first = (s: Step) => s.versions[0]!;
  const firstOfCustomer = new Map<number, number>();
  orders.forEach((s, n) => {
    const c = first(s).customer;
    if (c === null) return;
    const earliest = firstOfCustomer.get(c);
    if (earliest === undefined || first(s).hour < first(orders[earliest]!).hour)
      firstOfCustomer.set(c, n);
  });
  return orders.map((s, n) => {
    const base = first(s);
    const at = s.versions.map((v, i) => v.updatedMinutes * 10 + i);
    const rank = at.map((a) => at.filter((b) => b < a).length);
    const byRank = s.versions.map((_, i) => s.versions[rank.indexOf(i)]!);
    const payloads = s.versions.map((v, i) => {
      const refunds = byRank.slice(0, rank[i]! + 1).flatMap((earlier, r) =>
        earlier.refunds.map((amount, j) => ({
          amount,
          id: BigInt(r * 3 + j),
        }))
      );
      const version = {
        ...v,
        hour: base.hour,
        customer: base.customer,
        discountCodes: base.discountCodes,
        link: base.link,
        evidence:
          base.customer === null
            ? base.evidence
            : firstOfCustomer.get(base.customer) === n,
        updatedMinutes: at[i]!,
        refunds: refunds.map((r) => r.amount),
      };
      const refundBase =
        ORDER_BASE + BigInt(caseId) * 1000n + 500n + BigInt(n) * 10n;
      return orderArgument(
        caseId,
        n,
        version,
        refunds.map((r) => refundBase + r.id)
      );
    });
    const newest = payloads[at.indexOf(Math.max(...at))]!;
    return {
      orderId: payloads[0]!.orderId,
      payloads,
      newest,
      survey: s.survey,
      surveyFirst: s.surveyFirst,
    };
  });
}
type Prepared = ReturnType<typeof prepare>[number];

/**
 * What the survey-credit job does for orders the survey alone credits and the ledger does not hold
 * (app/services/survey-credit.server.ts): reads the order as it is now and applies it.
 */
async function creditSurveyOnly(
  db: TestDatabase,
  orders: Prepared[],
  only?: string
) {
  const due = await surveyOnlyOrdersToCredit(
    db.prisma,
    SHOP,
    only ? { orderIds: [BigInt(only)] } : { from: null, to: null }
  );
  for (const id of due) {
    const order = orders.find((o) => o.orderId === id.toString())!;
    await apply(db, { shopId: SHOP, order: order.newest });
  }
}

async function ingest(db: TestDatabase, orders: Prepared[]) {
  for (const order of orders) {
    const answer = async () => {
      if (!order.survey) return;
      await storeSurvey(db, order.orderId, order.survey);
      await reattribute(db, [order.orderId]);
      await creditSurveyOnly(db, orders, order.orderId);
    };
    if (order.surveyFirst) await answer();
    for (const payload of order.payloads)
      await apply(db, { shopId: SHOP, order: payload });
    if (!order.surveyFirst) await answer();
  }
}

async function switchingEqualsFromScratch({
  orders,
  from,
  to,
  page,
}: Scenario) {
  const caseId = ++cases;
  const prepared = prepare(caseId, orders);
  await clear(changed);
  await clear(fresh);

  await setRules(changed, from);
  await ingest(changed, prepared);
  const predicted = await preview(changed, to);
  await setRules(changed, to);
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
  await creditSurveyOnly(changed, prepared);

  await setRules(fresh, to);
  await ingest(fresh, prepared);

  expect(await snapshot(changed)).toEqual(await snapshot(fresh));
  expect(await figures(changed)).toEqual(predicted);
}

it("changing the rules recomputes figures exactly as a from-scratch recomputation would", async () => {
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
  await setRules(changed, { precedence: DEFAULT_PRECEDENCE, credit: false });
  const version = janeCodeOrder(1, "100.00");
  await ingest(
    changed,
    prepare(caseId, [
      {
        versions: [version],
        survey: { influencerId: "inf-ana", confirmedMatch: false },
        surveyFirst: false,
      },
    ])
  );
  const stored = await changed.prisma.attributedOrder.findFirstOrThrow({
    where: { shopId: SHOP },
  });
  expect([stored.influencerId, stored.source]).toEqual([
    "inf-jane",
    "DISCOUNT_CODE",
  ]);

  await setRules(changed, {
    precedence: ["SURVEY", "CODE", "LINK"],
    credit: false,
  });
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
  await setRules(changed, { precedence: DEFAULT_PRECEDENCE, credit: false });
  const version = janeCodeOrder(2, "80.00");
  await ingest(
    changed,
    prepare(caseId, [
      {
        versions: [version],
        survey: { influencerId: "inf-ana", confirmedMatch: true },
        surveyFirst: true,
      },
    ])
  );
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
  await setRules(changed, {
    precedence: ["SURVEY", "CODE", "LINK"],
    credit: false,
  });
  expect(
    (
      await preview(changed, {
        precedence: ["SURVEY", "CODE", "LINK"],
        credit: false,
      })
    ).map((r) => r.inf)
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

it("an order keeps what its survey answer decided after customers/redact deletes the answer", async () => {
  const caseId = ++cases;
  await clear(changed);
  await setRules(changed, {
    precedence: ["SURVEY", "CODE", "LINK"],
    credit: true,
  });
  const surveyOnly = { ...janeCodeOrder(3, "50.00"), discountCodes: [] };
  const surveyWon = janeCodeOrder(4, "70.00");
  const prepared = prepare(caseId, [
    {
      versions: [surveyOnly],
      survey: { influencerId: "inf-ana", confirmedMatch: false },
      surveyFirst: true,
    },
    {
      versions: [surveyWon],
      survey: { influencerId: "inf-marco", confirmedMatch: true },
      surveyFirst: true,
    },
  ]);
  await ingest(changed, prepared);
  const influencers = async () =>
    (
      await changed.prisma.attributedOrder.findMany({
        where: { shopId: SHOP },
        orderBy: { shopifyOrderId: "asc" },
      })
    ).map((o) => [o.influencerId, o.source]);
  const before = await influencers();
  expect(before).toEqual([
    ["inf-ana", "SURVEY"],
    ["inf-marco", "SURVEY"],
  ]);
  const ledgerBefore = await snapshot(changed);
  await changed.prisma.$transaction((tx) =>
    redactSurveyAnswers(tx, SHOP, {
      customerId: 1n,
      orderIds: prepared.map((o) => BigInt(o.orderId)),
    })
  );
  expect(
    await changed.prisma.surveyResponse.count({ where: { shopId: SHOP } })
  ).toBe(0);
  await reattribute(changed, null);
  expect(await influencers()).toEqual(before);
  const after = await snapshot(changed);
  expect({ ...after, orders: null }).toEqual({ ...ledgerBefore, orders: null });
});
