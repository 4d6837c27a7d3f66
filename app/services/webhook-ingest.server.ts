import prisma from "../db.server";
import {
  PayloadError,
  parseCustomerRequest,
  parseObjectPayload,
  parseOrderPayload,
  parseRefundPayload,
  parseWebhookJson,
} from "../lib/order-payload";
import {
  claimDelivery,
  customerDataReport,
  endInstall,
  findShopInTx,
  ingestOrder,
  ingestRefund,
  redactCustomer,
  redactShop,
  settleDelivery,
  type ApplyResult,
  type DeliveryHeaders,
  type Tx,
} from "../models/order-ledger.server";
import { validateWebhook } from "../shopify.server";
import { log } from "../lib/logger.server";

/**
 * Every webhook route calls `ingestWebhook(request, topic)`: verify (HMAC), parse and validate,
 * then record the delivery and apply it in one transaction (orders and refunds: one statement,
 * the ledger's SQL function; the rare compliance and lifecycle topics: a Prisma transaction). Answers:
 * 405 not POST · 401 missing or wrong signature · 400 missing headers, wrong topic, malformed
 * JSON or a payload of the wrong shape (nothing stored) · 200 applied, duplicate, stale or
 * ignored · 500 only when the database fails (Shopify retries; nothing was committed).
 */

export const WEBHOOK_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/cancelled",
  "refunds/create",
  "app/uninstalled",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;

export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

/** Response header naming what happened (APPLIED, DUPLICATE, STALE, IGNORED): for logs and tests. */
export const OUTCOME_HEADER = "X-CodeTrail-Outcome";

// Shopify waits 5 s for the answer; a transaction that cannot finish well before fails instead.
const TRANSACTION_OPTIONS = { maxWait: 2_000, timeout: 3_500 };

type Apply = (tx: Tx, delivery: DeliveryHeaders, claim: (shopId: string | null) => Promise<string | null>) => Promise<ApplyResult | null>;

/** Orders and refunds: one statement (`codetrail_apply`) claims, applies and settles the delivery. */
type Plan = { ledger: (delivery: DeliveryHeaders) => Promise<ApplyResult> } | { transaction: Apply };

/** Validates the payload (throws PayloadError) and returns what applies it. */
function planFor(topic: WebhookTopic, payload: unknown): Plan {
  switch (topic) {
    case "orders/create":
    case "orders/updated":
    case "orders/cancelled": {
      const order = parseOrderPayload(payload);
      return { ledger: (delivery) => ingestOrder(prisma, delivery, order) };
    }
    case "refunds/create": {
      const refund = parseRefundPayload(payload);
      return { ledger: (delivery) => ingestRefund(prisma, delivery, refund) };
    }
    default:
      return { transaction: transactionFor(topic, payload) };
  }
}

function transactionFor(topic: Exclude<WebhookTopic, "orders/create" | "orders/updated" | "orders/cancelled" | "refunds/create">, payload: unknown): Apply {
  switch (topic) {
    case "customers/redact":
    case "customers/data_request": {
      const request = parseCustomerRequest(payload);
      return async (tx, delivery, claim) => {
        const shop = await findShopInTx(tx, delivery.shopDomain);
        if (!(await claim(shop?.id ?? null))) return null;
        if (!shop) return { outcome: "IGNORED", detail: "no data stored for this shop" };
        return topic === "customers/redact"
          ? redactCustomer(tx, shop.id, request)
          : customerDataReport(tx, shop.id, request);
      };
    }
    case "shop/redact": {
      parseObjectPayload(payload);
      return async (tx, delivery, claim) => {
        // Recorded without a shop id so that deleting the shop keeps this one audit row.
        const id = await claim(null);
        return id ? redactShop(tx, delivery.shopDomain, id) : null;
      };
    }
    case "app/uninstalled": {
      parseObjectPayload(payload);
      return async (tx, delivery, claim) => {
        const shop = await findShopInTx(tx, delivery.shopDomain);
        return (await claim(shop?.id ?? null)) ? endInstall(tx, delivery.shopDomain) : null;
      };
    }
  }
}

function reject(status: 400 | 401 | 405, reason: string, request: Request): Response {
  log.warn({ status, path: new URL(request.url).pathname, reason }, "webhook rejected");
  const headers: Record<string, string> = status === 405 ? { Allow: "POST" } : {};
  return new Response(null, { status, statusText: reason.slice(0, 100).replace(/[^\x20-\x7e]/g, "?"), headers });
}

function optionalDate(value: string | undefined | null): Date | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time);
}

export async function ingestWebhook(request: Request, topic: WebhookTopic): Promise<Response> {
  if (request.method !== "POST") return reject(405, "Method not allowed", request);
  // shopify-api answers 400 for a missing signature; a request without one is unauthenticated.
  if (!request.headers.get("X-Shopify-Hmac-Sha256")) return reject(401, "Missing signature", request);

  const raw = await request.text();
  const check = await validateWebhook(request, raw);
  if (!check.valid) {
    if (check.reason === "invalid_hmac") return reject(401, "Invalid signature", request);
    return reject(400, "Missing headers or body", request);
  }
  if (check.webhookType !== "webhooks") return reject(400, "Not an order webhook delivery", request);

  // check.topic is the library's storage form (ORDERS_CREATE); compare the header as sent.
  const headerTopic = (request.headers.get("X-Shopify-Topic") ?? "").trim().toLowerCase();
  if (headerTopic !== topic) return reject(400, `Topic ${headerTopic || "(none)"} sent to the ${topic} route`, request);
  const shopDomain = check.domain.trim().toLowerCase();
  if (!shopDomain || shopDomain.length > 255) return reject(400, "Bad shop domain", request);

  let plan: Plan;
  try {
    plan = planFor(topic, parseWebhookJson(raw));
  } catch (error) {
    if (error instanceof PayloadError) return reject(400, error.message, request);
    throw error;
  }

  const delivery: DeliveryHeaders = {
    shopDomain,
    topic,
    webhookId: check.webhookId.slice(0, 255),
    eventId: check.eventId ? check.eventId.slice(0, 255) : null,
    apiVersion: check.apiVersion?.slice(0, 32) ?? null,
    triggeredAt: optionalDate(check.triggeredAt),
  };
  if ("ledger" in plan) {
    const result = await plan.ledger(delivery);
    return new Response(null, { status: 200, headers: { [OUTCOME_HEADER]: result.outcome } });
  }
  const apply = plan.transaction;
  const result = await prisma.$transaction(async (tx) => {
    let claimed: string | null = null;
    const claim = async (shopId: string | null) => (claimed = await claimDelivery(tx, delivery, shopId));
    const applied = await apply(tx, delivery, claim);
    if (!claimed || !applied) return { outcome: "DUPLICATE" as const, detail: "already recorded" };
    await settleDelivery(tx, claimed, applied);
    return applied;
  }, TRANSACTION_OPTIONS);
  return new Response(null, { status: 200, headers: { [OUTCOME_HEADER]: result.outcome } });
}

/** Webhook routes answer GET (and anything but POST) with 405. */
export function methodNotAllowed(): Response {
  return new Response(null, { status: 405, statusText: "Method not allowed", headers: { Allow: "POST" } });
}
