/**
 * Bulk backfill benchmark, in its own process (its peak RSS is the import's): writes a bulk
 * operation result (JSONL, grouped, in the shape of app/graphql/bulk-orders.ts) for one shop's
 * history, then streams it into the ledger with the job's own `importBulkOrders` and reports
 * orders/s, where the time went, ledger statement percentiles and peak memory. Baselines measured
 * the same way: reading and parsing the file alone (the ceiling), and one-by-one `applyOrder` of a
 * sample of the tracked orders (the paginated path's ledger cost without its API calls).
 *
 * `tsx scripts/bench/backfill.ts '{"orders":1000000,"database":"pglite"|"postgres"}'`; prints one
 * JSON line. Every phase has a fixed count: the run stops by itself.
 */
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { createDriverAdapter, resolveDatabaseTarget } from "../../app/db/adapter.server";
import { applyMigrations } from "../../app/db/migrations.server";
import { installDatabase } from "../../app/db.server";
import { PrismaClient } from "../../app/generated/prisma/client";
import { adminOrderSnapshot } from "../../app/lib/admin-order";
import { bulkGroupToOrder, bulkOrderOwnIds } from "../../app/lib/bulk-orders";
import { groupJsonl, readJsonl } from "../../app/lib/jsonl";
import { applyOrder, type RawQuery } from "../../app/models/order-ledger.server";
import { importBulkOrders } from "../../app/services/bulk-import.server";

const config = JSON.parse(process.argv[2] ?? "{}") as {
  orders: number;
  database: "pglite" | "postgres";
  postgresServer?: string;
  /** Use the database of DATABASE_URL / DATA_DIR as given (npm run bench: the one it prepared). */
  useEnvDatabase?: boolean;
};
const ORDERS = config.orders;
const INFLUENCERS = 500;
const ONE_BY_ONE_SAMPLE = Math.min(2_000, Math.round(ORDERS / 100));
const folder = mkdtempSync(path.join(tmpdir(), "codetrail-bench-backfill-"));
const file = path.join(folder, "bulk-result.jsonl");

// --- The database ---------------------------------------------------------------------------
let dropDatabase = async () => {};
if (config.useEnvDatabase) {
  // npm run bench hands over the database it prepared and migrated (and removes it afterwards).
} else if (config.database === "pglite") {
  process.env.DATABASE_URL = "";
  process.env.DATA_DIR = folder;
} else {
  const server = config.postgresServer ?? "postgresql://postgres@127.0.0.1:5432";
  const name = `codetrail_bench_backfill_${process.pid}`;
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  process.env.DATABASE_URL = `${server}/${name}`;
  dropDatabase = async () => {
    const c = new pg.Client({ connectionString: `${server}/postgres` });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
}
const target = resolveDatabaseTarget();
const { adapter, exec, close, query: driver } = createDriverAdapter(target);
const client = new PrismaClient({ adapter });
const query = <T,>(sql: string) => client.$queryRawUnsafe<T[]>(sql);
installDatabase({ kind: target.kind, client, exec, query, driverQuery: driver, description: "bench", writeConcurrency: 1, disconnect: async () => { await client.$disconnect(); await close(); } });
await applyMigrations({ exec, query });

const shop = await client.shop.create({ data: { domain: `bench-backfill-${process.pid}.myshopify.com`, name: "Bench backfill", ianaTimezone: "UTC" } });
await exec(`
  INSERT INTO "Influencer" (id, "shopId", name, status, "createdAt", "updatedAt")
  SELECT gen_random_uuid(), '${shop.id}', 'Creator ' || lpad(g::text, 4, '0'), 'ACTIVE', now(), now() FROM generate_series(1, ${INFLUENCERS}) g;
  INSERT INTO "DiscountCode" (id, "shopId", "influencerId", code, value, "updatedAt")
  SELECT gen_random_uuid(), i."shopId", i.id, 'CREATOR' || substr(i.name, 9), 10, now() FROM "Influencer" i WHERE i."shopId" = '${shop.id}';`);
// Planner statistics, as a live database has them (autovacuum): without them PostgreSQL plans the
// ledger's code lookup for an empty table.
await exec(`ANALYZE`);
const codes = new Set((await client.discountCode.findMany({ where: { shopId: shop.id }, select: { code: true } })).map((c) => c.code));
const codeList = [...codes];

// --- The bulk result -----------------------------------------------------------------------
// A store's history: 10 % of orders carry an influencer's code (a third of those after a store
// code, so only an any-position search finds them), 1 % land through a tracking link without a
// code, 89 % are other orders. Every order has one or two line items (nested lines); 5 % of the
// tracked orders have a refund with a refunded line (nested under the refund).
const money = (amount: string) => ({ shopMoney: { amount, currencyCode: "USD" }, presentmentMoney: { amount, currencyCode: "USD" } });
const BASE = 9_007_199_254_000_000n;
const start = Date.UTC(2025, 0, 1);
let trackedExpected = 0;

async function writeResult() {
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  let buffer = "";
  for (let n = 0; n < ORDERS; n++) {
    const id = `gid://shopify/Order/${BASE + BigInt(n)}`;
    const created = new Date(start + n * 20_000).toISOString();
    const kind = n % 100;
    const code = codeList[n % codeList.length];
    const tracked = kind < 11;
    if (tracked) trackedExpected += 1;
    const discountCodes = kind < 7 ? [code] : kind < 10 ? ["WELCOME5", code.toLowerCase()] : kind === 10 ? [] : kind < 40 ? ["WELCOME5"] : [];
    const refunded = tracked && n % 20 === 3;
    const order = {
      id,
      name: `#${100000 + n}`,
      createdAt: created,
      updatedAt: created,
      cancelledAt: null,
      test: false,
      currencyCode: "USD",
      presentmentCurrencyCode: "USD",
      subtotalPriceSet: money("85.00"),
      totalDiscountsSet: money(discountCodes.length ? "15.00" : "0.00"),
      totalRefundedSet: { shopMoney: { amount: refunded ? "20.00" : "0.00" } },
      discountCodes,
      customer: { id: `gid://shopify/Customer/${BASE + BigInt(n % 250_000)}`, createdAt: created },
      shippingAddress: { countryCodeV2: "US" },
      billingAddress: { countryCodeV2: "US" },
      customerJourneySummary: kind === 10 ? { firstVisit: null, lastVisit: { landingPage: `/discount/${code}?redirect=%2F`, referrerUrl: "https://www.instagram.com/" } } : null,
      refunds: refunded ? [{ id: `gid://shopify/Refund/${BASE + BigInt(n)}`, createdAt: created, processedAt: created }] : [],
    };
    buffer += JSON.stringify(order) + "\n";
    const allocations = discountCodes.map((c, i) => ({
      allocatedAmountSet: { shopMoney: { amount: i === discountCodes.length - 1 ? "10.00" : "5.00" } },
      discountApplication: { __typename: "DiscountCodeApplication", code: c },
    }));
    for (let line = 0; line < 1 + (n % 2); line++) {
      buffer += JSON.stringify({ __typename: "LineItem", discountAllocations: line === 0 ? allocations : [], __parentId: id }) + "\n";
    }
    if (refunded) buffer += JSON.stringify({ subtotalSet: money("20.00"), __parentId: order.refunds[0].id }) + "\n";
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  out.end(buffer);
  await once(out, "finish");
}

function rssMb() {
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) / 1024);
}
function percentile(sorted: number[], p: number) {
  if (!sorted.length) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 100) / 100;
}

const generateStarted = performance.now();
await writeResult();
const generateMs = performance.now() - generateStarted;
const fileMb = Math.round(statSync(file).size / 2 ** 20);
const rssBeforeMb = rssMb();

try {
  // Baseline 1: read, parse and group the file, nothing else (the import's ceiling).
  const parseStarted = performance.now();
  let parsed = 0;
  for await (const group of groupJsonl(readJsonl(createReadStream(file, { highWaterMark: 1 << 20 })), bulkOrderOwnIds)) {
    parsed += group.root.id ? 1 : 0;
  }
  const parseMs = performance.now() - parseStarted;

  // Baseline 2: the tracked orders of the first part of the file applied one by one (applyOrder,
  // one transaction each), as the paginated backfill applies them (its API calls left out).
  const sampleStarted = performance.now();
  let sampled = 0;
  for await (const group of groupJsonl(readJsonl(createReadStream(file, { highWaterMark: 1 << 20 })), bulkOrderOwnIds)) {
    if (sampled >= ONE_BY_ONE_SAMPLE) break;
    const { order, details } = bulkGroupToOrder(group);
    if (!order.discountCodes.some((c) => codes.has(c.toUpperCase())) && !order.customerJourneySummary) continue;
    await client.$transaction((tx) => applyOrder(tx, shop, adminOrderSnapshot(order, details)));
    sampled += 1;
  }
  const sampleMs = performance.now() - sampleStarted;
  await exec(`DELETE FROM "AttributedOrder" WHERE "shopId" = '${shop.id}'; DELETE FROM "OrderRefund" WHERE "shopId" = '${shop.id}';
    DELETE FROM "DailyRollup" WHERE "shopId" = '${shop.id}'; DELETE FROM "RepeatPurchaseRollup" WHERE "shopId" = '${shop.id}';`);

  // The import, timed by phase.
  const statementMs: number[] = [];
  let lookupMs = 0;
  const timed: RawQuery = async <T,>(sql: string, params: unknown[]) => {
    const t = performance.now();
    try {
      return await driver<T>(sql, params);
    } finally {
      const ms = performance.now() - t;
      if (sql.includes("codetrail_import_orders") || sql.includes("codetrail_apply_batch")) statementMs.push(ms);
      else lookupMs += ms;
    }
  };
  let batches = 0;
  const importStarted = performance.now();
  const totals = await importBulkOrders(createReadStream(file, { highWaterMark: 1 << 20 }), {
    shop,
    codes,
    skipLines: 0,
    query: timed,
    onBatch: async () => {
      batches += 1;
    },
  });
  const importMs = performance.now() - importStarted;
  const [{ count: stored }] = await client.$queryRawUnsafe<{ count: number }[]>(
    `SELECT count(*)::int AS count FROM "AttributedOrder" WHERE "shopId" = '${shop.id}'`,
  );
  // The rollups the import kept against the ledger itself: every reportable order counted once.
  const [check] = await client.$queryRawUnsafe<{ ledger: string; rollups: string }[]>(
    `SELECT (SELECT count(*) || '/' || COALESCE(sum("sales"), 0) || '/' || COALESCE(sum("refunded"), 0) FROM "AttributedOrder"
              WHERE "shopId" = '${shop.id}' AND "cancelledAt" IS NULL AND NOT "test") AS ledger,
            (SELECT COALESCE(sum("orders"), 0) || '/' || COALESCE(sum("sales"), 0) || '/' || COALESCE(sum("refunds"), 0) FROM "DailyRollup"
              WHERE "shopId" = '${shop.id}') AS rollups`,
  );
  const ledgerMs = statementMs.reduce((a, b) => a + b, 0);
  const sorted = [...statementMs].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  console.log(
    JSON.stringify({
      database: config.database,
      orders: ORDERS,
      file: { megabytes: fileMb, lines: totals.linesApplied, generateS: round(generateMs / 1000) },
      tracked: { expected: trackedExpected, applied: totals.ordersApplied, stored: Number(stored), rejected: totals.ordersRejected, batchesFellBack: totals.batchesFellBack, rollupsMatchLedger: check?.ledger === check?.rollups },
      importS: round(importMs / 1000),
      ordersPerS: Math.round(totals.ordersRead / (importMs / 1000)),
      trackedPerS: Math.round(totals.ordersApplied / (importMs / 1000)),
      time: {
        ledgerS: round(ledgerMs / 1000),
        knownOrderLookupsS: round(lookupMs / 1000),
        readParseMapS: round((importMs - ledgerMs - lookupMs) / 1000),
      },
      statements: { count: statementMs.length, batches, ordersPerStatement: round(totals.ordersApplied / Math.max(1, statementMs.length)), p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95), p99Ms: percentile(sorted, 99), maxMs: round(sorted[sorted.length - 1] ?? 0) },
      baseline: {
        parseOnlyOrdersPerS: Math.round(parsed / (parseMs / 1000)),
        oneByOneTrackedPerS: Math.round(sampled / (sampleMs / 1000)),
        oneByOneSample: sampled,
      },
      peakRssMb: rssMb(),
      rssBeforeImportMb: rssBeforeMb,
    }),
  );
} finally {
  await client.$disconnect();
  await close();
  rmSync(folder, { recursive: true, force: true });
  await dropDatabase();
}
