/**
 * Benchmark preparation, in its own process (PGlite allows one process per data directory):
 * migrates the database, seeds the webhook shops and the large reporting shop with SQL (not
 * webhooks, so a million orders load in minutes), rebuilds that shop's rollups, and measures the
 * database round trips of one webhook delivery through the real ingest service.
 * Prints one JSON line with what the load generator needs.
 */
import { createDriverAdapter, resolveDatabaseTarget } from "../../app/db/adapter.server";
import { applyMigrations } from "../../app/db/migrations.server";
import { installDatabase } from "../../app/db.server";
import { PrismaClient } from "../../app/generated/prisma/client";
import { REPORT_SHOP_DOMAIN } from "./session-token";

const config = JSON.parse(process.argv[2] ?? "{}") as {
  webhookShops: number;
  influencersPerShop: number;
  reportOrders: number;
  reportInfluencers: number;
};

const target = resolveDatabaseTarget();
const { adapter, exec, close, query: driver } = createDriverAdapter(target);
let queries = 0;
const client = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
client.$on("query", () => {
  queries += 1;
});
const query = <T,>(sql: string) => client.$queryRawUnsafe<T[]>(sql);
// The ledger's statements bypass Prisma (decision 013): counted here, like Prisma's query events.
const driverQuery = <T,>(sql: string, params: unknown[]) => {
  queries += 1;
  return driver<T>(sql, params);
};
installDatabase({ kind: target.kind, client, exec, query, driverQuery, description: "bench", writeConcurrency: 1, disconnect: async () => { await client.$disconnect(); await close(); } });

const started = Date.now();
await applyMigrations({ exec, query });

// Webhook shops: each with influencers and their codes (BENCH<shop>X<influencer>).
const codes: Record<string, string[]> = {};
for (let s = 0; s < config.webhookShops; s++) {
  const domain = `bench-${s}.myshopify.com`;
  const shop = await client.shop.upsert({ where: { domain }, create: { domain, name: `Bench ${s}` }, update: {} });
  await exec(`
    INSERT INTO "Influencer" (id, "shopId", name, status, "createdAt", "updatedAt")
    SELECT gen_random_uuid(), '${shop.id}', 'Influencer ' || g, 'ACTIVE', now(), now()
      FROM generate_series(1, ${config.influencersPerShop}) g
    ON CONFLICT DO NOTHING;
    INSERT INTO "DiscountCode" (id, "shopId", "influencerId", code, value, "updatedAt")
    SELECT gen_random_uuid(), i."shopId", i.id, 'BENCH${s}X' || substring(i.name from 12), 10, now()
      FROM "Influencer" i WHERE i."shopId" = '${shop.id}'
    ON CONFLICT DO NOTHING;`);
  codes[domain] = (await client.discountCode.findMany({ where: { shopId: shop.id }, select: { code: true } })).map((c) => c.code);
}

// The reporting shop, installed: an offline session like the one token exchange stores, so the
// servers (production mode) authenticate its admin pages with a signed session token and no call
// to Shopify.
const reportShop = await client.shop.upsert({
  where: { domain: REPORT_SHOP_DOMAIN },
  create: { domain: REPORT_SHOP_DOMAIN, name: "Bench reporting shop", currencyCode: "USD", ianaTimezone: "America/New_York" },
  update: {},
});
await client.session.upsert({
  where: { id: `offline_${REPORT_SHOP_DOMAIN}` },
  create: {
    id: `offline_${REPORT_SHOP_DOMAIN}`,
    shop: REPORT_SHOP_DOMAIN,
    state: "bench",
    isOnline: false,
    scope: "read_orders,read_customers,write_discounts,write_pixels,read_customer_events,write_store_credit_account_transactions,read_store_credit_accounts,write_gift_cards",
    accessToken: "bench-offline-token",
    expires: new Date(Date.now() + 30 * 86_400_000),
  },
  update: {},
});
const existing = await client.attributedOrder.count({ where: { shopId: reportShop.id } });
let seedMs = 0;
let rollupMs = 0;
if (existing < config.reportOrders) {
  const seedStart = Date.now();
  await exec(`
    DELETE FROM "AttributedOrder" WHERE "shopId" = '${reportShop.id}';
    DELETE FROM "Influencer" WHERE "shopId" = '${reportShop.id}';
    INSERT INTO "Influencer" (id, "shopId", name, status, "createdAt", "updatedAt")
    SELECT gen_random_uuid(), '${reportShop.id}', 'Creator ' || lpad(g::text, 4, '0'), 'ACTIVE', now(), now()
      FROM generate_series(1, ${config.reportInfluencers}) g;
    INSERT INTO "DiscountCode" (id, "shopId", "influencerId", code, value, "updatedAt")
    SELECT gen_random_uuid(), i."shopId", i.id, 'CREATOR' || substring(i.name from 9) || '15', 15, now()
      FROM "Influencer" i WHERE i."shopId" = '${reportShop.id}';
    INSERT INTO "CostEntry" (id, "shopId", "influencerId", kind, amount, "incurredOn")
    SELECT gen_random_uuid(), i."shopId", i.id, 'FLAT_FEE', 250 + (abs(hashtext(i.id)) % 1000), current_date - (m * 30)
      FROM "Influencer" i, generate_series(0, 11) m WHERE i."shopId" = '${reportShop.id}';`);
  // A million orders over the last 365 days, spread over the influencers, with refunds,
  // cancellations, test orders and returning customers in realistic shares.
  await exec(`
    WITH inf AS (
      SELECT i.id AS influencer_id, c.id AS code_id, c.code, (row_number() OVER (ORDER BY i.name)) - 1 AS n
        FROM "Influencer" i JOIN "DiscountCode" c ON c."influencerId" = i.id
       WHERE i."shopId" = '${reportShop.id}')
    INSERT INTO "AttributedOrder" (id, "shopId", "shopifyOrderId", name, "influencerId", "discountCodeId", source,
      "matchedCode", "orderCreatedAt", "shopDate", "shopifyUpdatedAt", "currencyCode", "presentmentCurrency",
      sales, discounts, refunded, "cancelledAt", test, "customerId", "newCustomer", "updatedAt")
    SELECT gen_random_uuid(), '${reportShop.id}', 5000000000000 + g, '#' || g, inf.influencer_id, inf.code_id,
           'DISCOUNT_CODE', inf.code,
           now() - ((g % 365) || ' days')::interval, (current_date - (g % 365)::int),
           now() - ((g % 365) || ' days')::interval, 'USD', 'USD',
           round((20 + (g * 7919 % 18000) / 100.0)::numeric, 2),
           round(((20 + (g * 7919 % 18000) / 100.0) * 0.15)::numeric, 2),
           CASE WHEN g % 20 = 0 THEN round((10 + (g % 50))::numeric, 2) ELSE 0 END,
           CASE WHEN g % 50 = 0 THEN now() ELSE NULL END,
           g % 100 = 0,
           7000000000000 + (g * 31 % ${Math.max(Math.floor(config.reportOrders * 0.7), 1)}),
           g % 4 <> 0, now()
      FROM generate_series(1::bigint, ${config.reportOrders}::bigint) g
      JOIN inf ON inf.n = g % ${config.reportInfluencers};`);
  seedMs = Date.now() - seedStart;
  const { rebuildRollups } = await import("../../app/models/rollups.server");
  const rollupStart = Date.now();
  await rebuildRollups(reportShop.id);
  rollupMs = Date.now() - rollupStart;
}
// A shop with a million orders in production has long been vacuumed and checkpointed: do both
// now, so autovacuum and a checkpoint of the seeding's WAL do not land in the measured phases.
await exec(`VACUUM ANALYZE`);
await exec(`CHECKPOINT`).catch((error: unknown) => console.error(`[bench] no CHECKPOINT (${(error as Error).message})`));

// Round trips per delivery: real ingest service, real HMAC-checked requests, counted SQL statements.
const { ingestWebhook } = await import("../../app/services/webhook-ingest.server");
const { buildDeliveries } = await import("./payloads");
const sampleDeliveries = buildDeliveries({ codes, count: 200, secret: process.env.SHOPIFY_API_SECRET!, seed: 99 });
queries = 0;
let measured = 0;
for (const d of sampleDeliveries) {
  const request = new Request(`http://localhost${d.path}`, { method: "POST", headers: d.headers, body: d.body });
  await ingestWebhook(request, d.topic);
  measured += 1;
}
const roundTripsPerDelivery = queries / measured;

await client.$disconnect();
await close();
console.log(
  JSON.stringify({
    codes,
    reportShopId: reportShop.id,
    reportOrders: config.reportOrders,
    seedMs,
    rollupMs,
    roundTripsPerDelivery,
    prepareMs: Date.now() - started,
  }),
);
