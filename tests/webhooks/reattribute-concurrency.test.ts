import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { PRECEDENCE_CHOICES } from "../../app/lib/attribution-precedence";
import { createTestDatabase, type TestDatabase } from "../support/database";
import {
  apply,
  orderArgument,
  orderVersion,
  seedShop,
  setPrecedence,
  SHOP,
  snapshot,
  storeSurvey,
  surveyAnswer,
  ORDER_BASE,
} from "../support/ledger-fixture";

/**
 * Re-attribution (decision 037) while webhooks keep arriving: one connection applies a store's
 * orders one by one as webhooks do (codetrail_apply), others meanwhile switch the shop's
 * precedence and re-attribute every stored order (codetrail_reattribute, as the recomputation job
 * and a survey answer do), over and over. No statement may fail (PostgreSQL reports a deadlock as
 * an error), and once the last rules are applied to every order, the ledger and both rollups must
 * equal those of a database that received the same webhooks under those rules from the start:
 * nothing lost or counted twice while the two interleaved. Needs PostgreSQL (PGlite is one
 * connection), so it runs under `npm run test:postgres`.
 */

const POSTGRES = process.env.TEST_DATABASE_URL;
const ORDERS = 120;
const CASE = 1;

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const db of databases.reverse()) await db.destroy();
});

/** A fixed store history: orders with codes, links, refunds and repeat customers; answers for a third. */
function history() {
  const versions = fc.sample(orderVersion(1), { numRuns: ORDERS, seed: 20261204 });
  const answers = fc.sample(surveyAnswer, { numRuns: ORDERS, seed: 4122026 });
  let refund = ORDER_BASE + 700n;
  return versions.map((version, n) => ({
    order: orderArgument(
      CASE,
      n,
      version,
      version.refunds.map(() => ++refund)
    ),
    answer: n % 3 === 0 ? answers[n] : null,
  }));
}

async function reattributeAll(db: TestDatabase) {
  await db.prisma.$queryRawUnsafe(`SELECT codetrail_reattribute($1, NULL, NULL, NULL, timezone('UTC', now())::timestamp(3))`, SHOP);
}

const suiteName = POSTGRES
  ? "re-attribution while webhooks arrive, on PostgreSQL"
  : "re-attribution while webhooks arrive (skipped: needs PostgreSQL, TEST_DATABASE_URL is unset; `npm run test:postgres` runs it)";

describe.skipIf(!POSTGRES)(suiteName, () => {
  it(
    "neither deadlocks nor loses an order's figures, and ends where a ledger under the last rules starts",
    { timeout: 180_000 },
    async () => {
      const stream = history();
      const last = PRECEDENCE_CHOICES[3]!;

      const live = await createTestDatabase({ install: false });
      databases.push(live);
      await seedShop(live);
      for (const { order, answer } of stream) if (answer) await storeSurvey(live, order.orderId, answer);

      let webhooksDone = false;
      const webhooks = (async () => {
        for (const { order } of stream) await apply(live, { shopId: SHOP, order });
        webhooksDone = true;
      })();
      const recomputations = async (offset: number) => {
        let rounds = 0;
        while (!webhooksDone || rounds < 2) {
          await setPrecedence(live, PRECEDENCE_CHOICES[(rounds + offset) % PRECEDENCE_CHOICES.length]!);
          await reattributeAll(live);
          rounds += 1;
        }
        return rounds;
      };
      const [, roundsA, roundsB] = await Promise.all([webhooks, recomputations(0), recomputations(3)]);
      expect(roundsA + roundsB).toBeGreaterThan(4);
      await setPrecedence(live, last);
      await reattributeAll(live);

      const reference = await createTestDatabase({ install: false });
      databases.push(reference);
      await seedShop(reference);
      await setPrecedence(reference, last);
      for (const { order, answer } of stream) if (answer) await storeSurvey(reference, order.orderId, answer);
      for (const { order } of stream) await apply(reference, { shopId: SHOP, order });

      const expected = await snapshot(reference);
      expect(expected.orders.length).toBeGreaterThan(ORDERS / 3);
      expect(await snapshot(live)).toEqual(expected);
    }
  );
});
