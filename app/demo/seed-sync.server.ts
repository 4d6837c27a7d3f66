import type { Database } from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import { Decimal, toDecimal } from "../lib/money";
import { dateColumn, shopDateOf } from "../lib/shop-dates";
import { emulatedOrderData, putEmulatorOrder } from "./admin-emulator/orders.server";

/**
 * The demo's sync and leak data, after the main seed: where the orders came from (referrers and
 * countries), a code that leaked to coupon sites in the last week, and the emulated store's copy
 * of every order, with a few changes the webhooks "missed" so that "Check now" on the sync page
 * has something to repair. Deterministic.
 */
const REFERRERS = ["instagram.com", "tiktok.com", "youtube.com", null] as const;
const COUPON_SITES = ["https://www.retailmenot.com/view/northwind", "https://slickdeals.net/f/northwind", "https://www.dealspotr.com/promo-codes/northwind"];
const LEAKED_CODE = "OMAR15";
const LEAK_ID_BASE = 9_007_199_254_900_000n;

/** Returns how many orders it added to the ledger (the leaked code's). */
export async function seedDemoSyncData(db: Database, shop: { id: string; domain: string; ianaTimezone: string }, now: Date): Promise<number> {
  await db.emulatorOrder.deleteMany({ where: { shopDomain: shop.domain } });
  await db.$executeRaw`
    UPDATE "AttributedOrder"
       SET "countryCode" = CASE WHEN "shopifyOrderId" % 7 = 0 THEN 'CA' WHEN "shopifyOrderId" % 11 = 0 THEN 'GB' ELSE 'US' END,
           "referringHost" = (ARRAY[${REFERRERS[0]}, ${REFERRERS[1]}, ${REFERRERS[2]}, NULL])[("shopifyOrderId" % 4) + 1]
     WHERE "shopId" = ${shop.id}`;

  // A code that leaked: in the last six days its orders come from coupon sites and far-away countries.
  const code = await db.discountCode.findUnique({ where: { shopId_code: { shopId: shop.id, code: LEAKED_CODE } } });
  let added = 0;
  if (code) {
    const leaked: Prisma.AttributedOrderCreateManyInput[] = [];
    for (let i = 0; i < 18; i++) {
      const createdAt = new Date(now.getTime() - (1 + (i % 6)) * 86_400_000 - i * 600_000);
      const sales = new Decimal(40 + (i % 5) * 7);
      leaked.push({
        shopId: shop.id,
        shopifyOrderId: LEAK_ID_BASE + BigInt(i),
        name: `#${9000 + i}`,
        influencerId: code.influencerId,
        discountCodeId: code.id,
        campaignId: code.campaignId,
        source: "DISCOUNT_CODE",
        matchedCode: LEAKED_CODE,
        orderCreatedAt: createdAt,
        shopDate: dateColumn(shopDateOf(createdAt, shop.ianaTimezone)),
        shopifyUpdatedAt: createdAt,
        currencyCode: "USD",
        presentmentCurrency: "USD",
        sales: sales.toFixed(4),
        discounts: sales.times(0.15).toDecimalPlaces(2).toFixed(4),
        referringHost: new URL(COUPON_SITES[i % 3]).hostname.replace(/^www\./, ""),
        countryCode: ["IN", "BR", "PK"][i % 3],
      });
    }
    added = (await db.attributedOrder.createMany({ data: leaked, skipDuplicates: true })).count;
  }

  // The emulated store holds every order the ledger has, as the Admin API would return it.
  const orders = await db.attributedOrder.findMany({ where: { shopId: shop.id }, include: { discountCode: { select: { code: true } } } });
  const refunds = await db.orderRefund.findMany({ where: { shopId: shop.id } });
  const refundsOf = new Map<bigint, typeof refunds>();
  for (const r of refunds) refundsOf.set(r.shopifyOrderId, [...(refundsOf.get(r.shopifyOrderId) ?? []), r]);
  const rows: Prisma.EmulatorOrderCreateManyInput[] = [];
  for (const o of orders) {
    const codeText = o.matchedCode ?? o.discountCode?.code ?? null;
    const data = emulatedOrderData({
      id: o.shopifyOrderId,
      name: o.name,
      createdAt: o.orderCreatedAt,
      updatedAt: o.shopifyUpdatedAt,
      cancelledAt: o.cancelledAt,
      test: o.test,
      subtotal: toDecimal(o.sales).toFixed(2),
      // A /discount/CODE link applies the code at checkout, so link orders carry it too.
      codes: codeText ? [{ code: codeText, amount: toDecimal(o.discounts).toFixed(2) }] : [],
      landingPage: o.source === "TRACKING_LINK" && codeText ? `/discount/${codeText}` : null,
      referrerUrl: o.referringHost ? `https://${o.referringHost}/` : null,
      countryCode: o.countryCode,
      customer: o.customerId ? { id: o.customerId, createdAt: o.orderCreatedAt } : null,
      refunds: (refundsOf.get(o.shopifyOrderId) ?? []).map((r) => ({ id: r.shopifyRefundId, amount: toDecimal(r.amount).toFixed(2), processedAt: r.refundedAt })),
    });
    rows.push({
      shopDomain: shop.domain,
      id: o.shopifyOrderId,
      codes: data.discountCodes.map((c) => c.toUpperCase()),
      createdAt: o.orderCreatedAt,
      updatedAt: o.shopifyUpdatedAt,
      data: data as unknown as Prisma.InputJsonValue,
    });
  }
  await db.emulatorOrder.createMany({ data: rows });

  // The seeded history counts as checked up to a day ago: the demo's first reconciliation reads
  // the last day (and finds what is planted below) instead of its whole 60-day window.
  const checkedUntil = new Date(now.getTime() - 86_400_000);
  await db.shopSyncState.upsert({
    where: { shopId: shop.id },
    create: { shopId: shop.id, reconciledUntil: checkedUntil },
    update: { reconciledUntil: checkedUntil },
  });

  // What the webhooks "missed" in the last hours: a new order with JANE15, and a refund.
  const recent = new Date(now.getTime() - 2 * 3_600_000);
  await putEmulatorOrder(db, shop.domain, {
    id: LEAK_ID_BASE + 500n,
    name: "#9500",
    createdAt: recent,
    subtotal: "92.00",
    codes: [{ code: "JANE15", amount: "16.24" }],
    referrerUrl: "https://www.instagram.com/",
    countryCode: "US",
    customer: { id: LEAK_ID_BASE + 600n, createdAt: recent },
  });
  const refundable = orders.find((o) => o.discountCode?.code === "JANE15" && !o.cancelledAt && toDecimal(o.refunded).isZero());
  if (refundable) {
    await putEmulatorOrder(db, shop.domain, {
      id: refundable.shopifyOrderId,
      name: refundable.name,
      createdAt: refundable.orderCreatedAt,
      updatedAt: recent,
      subtotal: toDecimal(refundable.sales).toFixed(2),
      codes: [{ code: refundable.matchedCode ?? "JANE15", amount: toDecimal(refundable.discounts).toFixed(2) }],
      referrerUrl: refundable.referringHost ? `https://${refundable.referringHost}/` : null,
      countryCode: refundable.countryCode,
      customer: refundable.customerId ? { id: refundable.customerId, createdAt: refundable.orderCreatedAt } : null,
      refunds: [{ id: LEAK_ID_BASE + 700n, amount: toDecimal(refundable.sales).times(0.5).toDecimalPlaces(2).toFixed(2), processedAt: recent }],
    });
  }
  return added;
}
