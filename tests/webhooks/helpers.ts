import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sign as signWith } from "../support/webhook-samples";
import type { ActionFunctionArgs } from "@remix-run/node";
import type { PrismaClient } from "../../app/generated/prisma/client";
import * as appScopesUpdate from "../../app/routes/webhooks.app.scopes_update";
import * as appUninstalled from "../../app/routes/webhooks.app.uninstalled";
import * as bulkOperationsFinish from "../../app/routes/webhooks.bulk_operations.finish";
import * as customersDataRequest from "../../app/routes/webhooks.customers.data_request";
import * as customersRedact from "../../app/routes/webhooks.customers.redact";
import * as ordersCancelled from "../../app/routes/webhooks.orders.cancelled";
import * as ordersCreate from "../../app/routes/webhooks.orders.create";
import * as ordersUpdated from "../../app/routes/webhooks.orders.updated";
import * as refundsCreate from "../../app/routes/webhooks.refunds.create";
import * as shopRedact from "../../app/routes/webhooks.shop.redact";
import type { WebhookTopic } from "../../app/services/webhook-ingest.server";
import { handleWebhookRequest } from "../../app/services/webhook-http.server";

/** vitest.config.ts sets SHOPIFY_API_SECRET to this: signatures below are real HMACs. */
export const SECRET = "test-secret";

export { orderPayload, refundPayload, sample, sampleRaw } from "../support/webhook-samples";

export function sign(body: string, secret = SECRET): string {
  return signWith(body, secret);
}
export const SHOP = "influence-test.myshopify.com";

export const ROUTES: Record<WebhookTopic, { action: (args: ActionFunctionArgs) => Promise<Response>; path: string }> = {
  "orders/create": { action: ordersCreate.action, path: "/webhooks/orders/create" },
  "orders/updated": { action: ordersUpdated.action, path: "/webhooks/orders/updated" },
  "orders/cancelled": { action: ordersCancelled.action, path: "/webhooks/orders/cancelled" },
  "refunds/create": { action: refundsCreate.action, path: "/webhooks/refunds/create" },
  "app/uninstalled": { action: appUninstalled.action, path: "/webhooks/app/uninstalled" },
  "app/scopes_update": { action: appScopesUpdate.action, path: "/webhooks/app/scopes_update" },
  "bulk_operations/finish": { action: bulkOperationsFinish.action, path: "/webhooks/bulk_operations/finish" },
  "customers/data_request": { action: customersDataRequest.action, path: "/webhooks/customers/data_request" },
  "customers/redact": { action: customersRedact.action, path: "/webhooks/customers/redact" },
  "shop/redact": { action: shopRedact.action, path: "/webhooks/shop/redact" },
};


export interface DeliveryOptions {
  shop?: string;
  webhookId?: string;
  eventId?: string | null;
  apiVersion?: string;
  /** X-Shopify-Triggered-At (default: now). */
  triggeredAt?: string;
  method?: string;
  /** Override the signature (null: leave the header out). */
  hmac?: string | null;
  /** Override X-Shopify-Topic (default: the route's topic). */
  topicHeader?: string | null;
  omitHeaders?: string[];
  /** How the Shopify headers are spelled: `X-Shopify-Topic` (default) or `Shopify-Topic`. */
  spelling?: HeaderSpelling;
}

/** Shopify sends its delivery headers as `X-Shopify-*` or, in the newer spelling, `Shopify-*`. */
export type HeaderSpelling = "X-Shopify-*" | "Shopify-*";
export const HEADER_SPELLINGS: HeaderSpelling[] = ["X-Shopify-*", "Shopify-*"];

function webhookHeaders(topic: WebhookTopic, body: string, options: DeliveryOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": options.topicHeader ?? topic,
    "X-Shopify-Hmac-Sha256": options.hmac ?? sign(body),
    "X-Shopify-Shop-Domain": options.shop ?? SHOP,
    "X-Shopify-API-Version": options.apiVersion ?? "2026-10",
    "X-Shopify-Webhook-Id": options.webhookId ?? randomUUID(),
    "X-Shopify-Event-Id": options.eventId ?? randomUUID(),
    "X-Shopify-Triggered-At": options.triggeredAt ?? new Date().toISOString(),
  };
  if (options.hmac === null) delete headers["X-Shopify-Hmac-Sha256"];
  if (options.topicHeader === null) delete headers["X-Shopify-Topic"];
  if (options.eventId === null) delete headers["X-Shopify-Event-Id"];
  for (const name of options.omitHeaders ?? []) delete headers[name];
  if (options.spelling !== "Shopify-*") return headers;
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.replace(/^X-Shopify-/, "Shopify-"), value]));
}

export function webhookRequest(topic: WebhookTopic, body: string, options: DeliveryOptions = {}): Request {
  const headers = webhookHeaders(topic, body, options);
  const method = options.method ?? "POST";
  return new Request(`http://localhost:3999${ROUTES[topic].path}`, {
    method,
    headers,
    body: method === "GET" || method === "HEAD" ? undefined : body,
  });
}

/**
 * How a delivery reaches `receiveWebhook`: the Remix route module's action, or the production
 * server's Node fast path (`handleWebhookRequest`, as server.mjs mounts it) over a real socket.
 */
export type Transport = "remix route" | "node fast path";
export const TRANSPORTS: Transport[] = ["remix route", "node fast path"];

let fastPath: Promise<{ url: string; server: Server }> | undefined;
function fastPathServer() {
  fastPath ??= new Promise((resolve) => {
    const server = createServer((req, res) => {
      void handleWebhookRequest(req, res).then((handled) => handled || res.writeHead(404).end());
    });
    server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }));
  });
  return fastPath;
}

/** Stops the fast-path test server, if a test file started one. */
export async function closeFastPath() {
  if (!fastPath) return;
  const { server } = await fastPath;
  fastPath = undefined;
  await new Promise((resolve) => server.close(resolve));
}

export async function deliverVia(transport: Transport, topic: WebhookTopic, body: string | object, options: DeliveryOptions = {}): Promise<Response> {
  if (transport === "remix route") return deliver(topic, body, options);
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const { url } = await fastPathServer();
  return fetch(`${url}${ROUTES[topic].path}`, { method: options.method ?? "POST", headers: webhookHeaders(topic, text, options), body: text });
}

/** Sends a delivery through the real route module's action. */
export function deliver(topic: WebhookTopic, body: string | object, options: DeliveryOptions = {}): Promise<Response> {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return ROUTES[topic].action({ request: webhookRequest(topic, text, options), params: {}, context: {} });
}


export async function seedInfluencer(
  prisma: PrismaClient,
  code: string,
  { shop = SHOP, name = `Influencer ${code}` }: { shop?: string; name?: string } = {},
) {
  const shopRow = await prisma.shop.upsert({ where: { domain: shop }, create: { domain: shop, name: shop }, update: {} });
  const influencer = await prisma.influencer.create({ data: { shopId: shopRow.id, name } });
  const discountCode = await prisma.discountCode.create({
    data: { shopId: shopRow.id, influencerId: influencer.id, code: code.toUpperCase(), value: "10" },
  });
  return { shop: shopRow, influencer, discountCode };
}

/** Everything the ledger holds, in a stable order, for "nothing changed" comparisons. */
export async function ledgerSnapshot(prisma: PrismaClient) {
  const [orders, refunds, deliveries, shops] = await Promise.all([
    prisma.attributedOrder.findMany({
      orderBy: [{ shopId: "asc" }, { shopifyOrderId: "asc" }],
      omit: { id: true, createdAt: true, updatedAt: true, commissionAccruedAt: true },
    }),
    prisma.orderRefund.findMany({ orderBy: [{ shopId: "asc" }, { shopifyRefundId: "asc" }], omit: { id: true, createdAt: true } }),
    prisma.webhookDelivery.findMany({ orderBy: [{ shopDomain: "asc" }, { webhookId: "asc" }], omit: { id: true, receivedAt: true } }),
    prisma.shop.findMany({ orderBy: { domain: "asc" }, select: { domain: true, uninstalledAt: true } }),
  ]);
  return JSON.parse(
    JSON.stringify({ orders, refunds, deliveries, shops }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
  ) as unknown;
}

