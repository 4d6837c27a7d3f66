import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { checkProperty } from "../support/property";
import {
  apply,
  cents,
  ORDER_BASE,
  orderArgument,
  orderVersion,
  seedShop,
  SHOP,
  setPrecedence,
  snapshot,
  storeSurvey,
  surveyAnswer,
  T0,
} from "../support/ledger-fixture";
import {
  DEFAULT_PRECEDENCE,
  PRECEDENCE_CHOICES,
} from "../../app/lib/attribution-precedence";

/**
 * The set-based bulk import (`codetrail_import_orders`) against the ledger's own per-order path:
 * the same random batch of orders goes into two databases in the same state, one order at a time
 * through `codetrail_apply` (in creation order) into one and as one shuffled batch into the other.
 * Rows, refunds, both rollups and every order's outcome must agree. The batches mix what a bulk
 * backfill meets: orders already stored (older or newer than the batch's version), refunds that
 * arrived before their order, codes in any position, tracking links by slug and without one,
 * customers with several orders (new-customer rule, later purchases), cancelled and test orders,
 * and commission rules of both kinds on influencer, campaign and shop, with dated terms (each order
 * keeps the term of its shop day and the commission it accrued, decision 029).
 */

let one: TestDatabase;
let set: TestDatabase;
let cases = 0;

beforeAll(async () => {
  one = await createTestDatabase();
  set = await createTestDatabase({ install: false });
  await seedShop(one);
  await seedShop(set);
});
afterAll(async () => {
  await set.destroy();
  await one.destroy();
});

const story = fc.integer({ min: 0, max: 12 }).chain((n) =>
  fc.record({
    batch: orderVersion(n),
    // What the ledger holds before the import: nothing, a version of the order, and/or refunds
    // that arrived ahead of it (refunds/create).
    stored: fc.oneof(
      { weight: 2, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: orderVersion(n) }
    ),
    earlyRefund: fc.oneof(
      { weight: 3, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: cents(0, 5_000) }
    ),
  })
);

const scenario = fc.record({
  stories: fc.array(story, { minLength: 1, maxLength: 14 }),
  shuffle: fc.array(fc.nat(), { minLength: 14, maxLength: 14 }),
  // The shop's attribution rules and the survey answers there before the import (decisions 037, 038).
  precedence: fc.constantFrom(...PRECEDENCE_CHOICES),
  creditSurveyOnly: fc.boolean(),
  surveys: fc.array(surveyAnswer, { minLength: 14, maxLength: 14 }),
});

type Scenario = ReturnType<typeof scenario.generate>["value"];

async function importEqualsOneByOne({
  stories,
  shuffle,
  precedence = DEFAULT_PRECEDENCE,
  creditSurveyOnly = false,
  surveys = [],
}: Pick<Scenario, "stories" | "shuffle"> & Partial<Scenario>) {
  const caseId = ++cases;
  // Each case starts from an empty ledger, so a counterexample is the case itself.
  for (const db of [one, set]) {
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
  for (const db of [one, set]) {
    await setPrecedence(db, precedence);
    await db.prisma.shop.update({
      where: { id: SHOP },
      data: { creditSurveyOnly },
    });
    for (const [n, answer] of surveys.entries()) {
      if (answer && n < stories.length)
        await storeSurvey(
          db,
          (ORDER_BASE + BigInt(caseId) * 1000n + BigInt(n)).toString(),
          answer
        );
    }
  }
  let refundSeq = ORDER_BASE + BigInt(caseId) * 1000n + 500n;
  const nextRefundIds = (count: number) =>
    Array.from({ length: count }, () => ++refundSeq);
  // One story per order number (the batch never holds an order twice).
  const byNumber = new Map(stories.map((s, i) => [i, s]));
  const before: unknown[] = [];
  const batch: ReturnType<typeof orderArgument>[] = [];
  for (const [n, s] of byNumber) {
    const batchRefundIds = nextRefundIds(s.batch.refunds.length);
    if (s.stored) {
      // The stored version may share refunds with the batch's (a refund seen twice counts once).
      const storedIds = [...batchRefundIds.slice(0, 1), ...nextRefundIds(2)];
      before.push({
        shopId: SHOP,
        order: orderArgument(caseId, n, s.stored, storedIds),
      });
    }
    const orderId = (
      ORDER_BASE +
      BigInt(caseId) * 1000n +
      BigInt(n)
    ).toString();
    if (s.earlyRefund) {
      before.push({
        shopId: SHOP,
        refund: {
          refundId: nextRefundIds(1)[0]!.toString(),
          orderId,
          amount: s.earlyRefund,
          amountText: s.earlyRefund,
          refundedAt: new Date(T0).toISOString(),
        },
      });
    }
    batch.push(orderArgument(caseId, n, s.batch, batchRefundIds));
  }
  for (const payload of before) {
    await apply(one, payload);
    await apply(set, payload);
  }
  expect(await snapshot(set)).toEqual(await snapshot(one));

  const inCreationOrder = [...batch].sort(
    (a, b) =>
      a.createdAt.localeCompare(b.createdAt) ||
      a.orderId.localeCompare(b.orderId)
  );
  const expected = new Map<string, { outcome: string; detail: string }>();
  for (const order of inCreationOrder)
    expected.set(order.orderId, await apply(one, { shopId: SHOP, order }));

  const shuffled = batch
    .map((order, i) => ({ order, key: shuffle[i]! }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.order);
  const rows = await set.prisma.$queryRawUnsafe<
    { call_index: number; outcome: string; detail: string }[]
  >(
    `SELECT call_index, outcome, detail FROM codetrail_import_orders($1, $2::jsonb)`,
    SHOP,
    JSON.stringify(shuffled)
  );
  expect(rows).toHaveLength(shuffled.length);
  for (const row of rows) {
    expect({
      order: shuffled[row.call_index]!.name,
      ...row,
      call_index: undefined,
    }).toEqual({
      order: shuffled[row.call_index]!.name,
      ...expected.get(shuffled[row.call_index]!.orderId),
      call_index: undefined,
    });
  }
  expect(await snapshot(set)).toEqual(await snapshot(one));
}

it("imports a batch exactly as applying each order one by one would", async () => {
  await checkProperty(
    "set-based import equals one by one",
    fc.asyncProperty(scenario, importEqualsOneByOne),
    {
      numRuns: 40,
      budgetMs: 60_000,
      minRuns: 5,
    }
  );
}, 120_000);

it("rounds commission per order, as the per-order path does", async () => {
  // Three-decimal sales under the 7.3333 % shop rule on one day: each order's commission has ten
  // decimals, and the sum of the orders' 8-decimal roundings is not the rounding of their sum.
  const ana = (hour: number, sales: string) => ({
    batch: {
      hour,
      updatedMinutes: 0,
      customer: null,
      discountCodes: ["ANA20"],
      link: null,
      evidence: false,
      sales,
      discounts: "0.00",
      cancelled: false,
      test: false,
      refunds: [],
    },
    stored: null,
    earlyRefund: null,
  });
  await importEqualsOneByOne({
    stories: [ana(13, "1.001"), ana(14, "1.001"), ana(15, "2.003")],
    shuffle: new Array(14).fill(0),
  });
});

it("refuses a batch that names an order twice, and changes nothing", async () => {
  const order = orderArgument(
    999,
    1,
    {
      hour: 1,
      updatedMinutes: 0,
      customer: 1,
      discountCodes: ["JANE15"],
      link: null,
      evidence: true,
      sales: "10.00",
      discounts: "1.00",
      cancelled: false,
      test: false,
      refunds: [],
    },
    []
  );
  const before = await snapshot(set);
  await expect(
    set.prisma.$queryRawUnsafe(
      `SELECT * FROM codetrail_import_orders($1, $2::jsonb)`,
      SHOP,
      JSON.stringify([order, order])
    )
  ).rejects.toMatchObject({
    meta: {
      driverAdapterError: {
        cause: { message: expect.stringMatching(/appears twice/) },
      },
    },
  });
  expect(await snapshot(set)).toEqual(before);
});

it("stores nothing for a shop that is not installed", async () => {
  const order = orderArgument(
    998,
    1,
    {
      hour: 1,
      updatedMinutes: 0,
      customer: 1,
      discountCodes: ["JANE15"],
      link: null,
      evidence: true,
      sales: "10.00",
      discounts: "1.00",
      cancelled: false,
      test: false,
      refunds: [],
    },
    []
  );
  const rows = await set.prisma.$queryRawUnsafe<
    { outcome: string; detail: string }[]
  >(
    `SELECT outcome, detail FROM codetrail_import_orders($1, $2::jsonb)`,
    "no-such-shop",
    JSON.stringify([order])
  );
  expect(rows).toEqual([
    { outcome: "IGNORED", detail: "shop not installed: nothing stored" },
  ]);
  expect(
    await set.prisma.attributedOrder.count({
      where: { shopId: "no-such-shop" },
    })
  ).toBe(0);
});
