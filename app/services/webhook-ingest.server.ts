import prisma, { database } from "../db.server";
import { GroupCommit, QueueFull } from "../lib/group-commit";
import {
  PayloadError,
  parseCustomerRequest,
  parseObjectPayload,
  parseOrderPayload,
  parseRefundPayload,
  parseScopesUpdate,
  parseShopRedact,
  parseWebhookJson,
} from "../lib/order-payload";
import {
  claimDelivery,
  applyLedgerBatch,
  endInstall,
  findShopInTx,
  orderDeliveryCall,
  redactCustomer,
  refundDeliveryCall,
  redactShop,
  settleDelivery,
  updateGrantedScopes,
  type ApplyResult,
  type DeliveryHeaders,
  type LedgerCall,
  type Tx,
} from "../models/order-ledger.server";
import { parseBulkFinish } from "../lib/bulk-webhook";
import { wakeBulkBackfill } from "../models/bulk-jobs.server";
import { deleteCustomerDataReports, storeCustomerDataReport } from "../models/customer-data-reports.server";
import { redactSurveyAnswers } from "../models/survey.server";
import { signatureMatches, webhookSecret } from "./webhook-signature.server";
import { log } from "../lib/logger.server";
import { BODY_REFUSED_HEADERS, bodyChunks, BodyTooLarge, readLimited, readSignedBody, UploadBudget, UploadsBusy } from "../lib/request-body.server";

/**
 * Every webhook route calls `ingestWebhook(request, topic)`, and the production server's fast path
 * (`webhook-http.server.ts`) calls `receiveWebhook` directly: verify (HMAC), parse and validate,
 * then record the delivery and apply it in one transaction (orders and refunds: one statement,
 * the ledger's SQL function; the rare compliance and lifecycle topics: a Prisma transaction). Answers:
 * 405 not POST · 401 missing or wrong signature · 400 missing headers, wrong topic, malformed
 * JSON or a payload of the wrong shape (nothing stored) · 200 applied, duplicate, stale or
 * ignored (a shop that never installed, or whose data was erased, gets 200 and nothing is stored) ·
 * 503 with Retry-After when the process is overloaded: the ledger's queue is full, or a statement
 * or transaction ran out of time (decision 022; nothing was committed, Shopify retries) ·
 * 500 only when the database fails otherwise (Shopify retries; nothing was committed).
 */

export const WEBHOOK_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/cancelled",
  "refunds/create",
  "app/uninstalled",
  "app/scopes_update",
  "bulk_operations/finish",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;

export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

/** Response header naming what happened (APPLIED, DUPLICATE, STALE, IGNORED): for logs and tests. */
export const OUTCOME_HEADER = "X-CodeTrail-Outcome";

// Shopify waits 5 s for the answer; a transaction that cannot finish well before fails instead.
const TRANSACTION_OPTIONS = { maxWait: 2_000, timeout: 3_500 };
// Except a data request's report, which grows with the customer's orders (about 5 s for 50,000 on
// a busy 2-core machine): it is given time to finish. Should Shopify give up waiting and send the
// delivery again, the copy waits for this one's commit and is answered DUPLICATE; the report holds
// no ledger lock meanwhile (docs/privacy.md).
const DATA_REQUEST_TRANSACTION_OPTIONS = { maxWait: 2_000, timeout: 120_000 };

type Apply = (tx: Tx, delivery: DeliveryHeaders, claim: (shopId: string | null) => Promise<string | null>) => Promise<ApplyResult | null>;

/**
 * Orders and refunds: one statement (`codetrail_apply_batch`) claims, applies and settles the
 * delivery, together with the deliveries that arrived while the previous statement ran (group
 * commit, decision 013). Each is answered only after its own transaction committed.
 */
let ledgerQueue: GroupCommit<LedgerCall, ApplyResult> | undefined;

function wholeNumberEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min} (got "${raw}")`);
  return value;
}

/**
 * How long deliveries may wait for a ledger statement in this process before new ones are
 * answered 503 with Retry-After at once (nothing stored; Shopify retries): at most
 * LEDGER_QUEUE_LIMIT of them (default 1,000), and none once the oldest has waited
 * LEDGER_QUEUE_MAX_WAIT_MS (default 1,000 ms; 0: no time limit) — well inside Shopify's 5 s.
 */
export function ledgerQueueLimits(env: NodeJS.ProcessEnv = process.env): { maxQueued: number; maxWaitMs: number | undefined } {
  const maxWaitMs = wholeNumberEnv(env, "LEDGER_QUEUE_MAX_WAIT_MS", 1_000, 0);
  return { maxQueued: wholeNumberEnv(env, "LEDGER_QUEUE_LIMIT", 1_000, 1), maxWaitMs: maxWaitMs || undefined };
}

function ledger(call: LedgerCall): Promise<ApplyResult> {
  // The driver directly: Prisma's handling of a raw statement costs more CPU than it is worth here.
  ledgerQueue ??= new GroupCommit((calls) => applyLedgerBatch(database().driverQuery, calls), {
    maxBatch: 64,
    maxConcurrent: database().writeConcurrency,
    ...ledgerQueueLimits(),
  });
  return ledgerQueue.submit(call);
}

/** Order and refund deliveries applied, the statements that applied them, and deliveries refused as busy, in this process. */
export function ledgerTotals() {
  return { ...(ledgerQueue?.totals ?? { batches: 0, items: 0 }), refused: ledgerQueue?.refused ?? 0 };
}

/** Forgets the ledger queue and the in-flight limit (tests that change their settings); the next delivery reads them again. */
export function resetLedgerQueue() {
  ledgerQueue = undefined;
  maxInFlight = undefined;
}

const BUSY_RETRY_AFTER_SECONDS = "5";

/**
 * The database gave up on the work in time, and rolled it back: PostgreSQL's statement_timeout
 * (SQLSTATE 57014, query_canceled) or Prisma's transaction timeouts (P2028). Nothing of the
 * delivery was committed: it is answered 503 and Shopify sends it again.
 */
export function isOutOfTime(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const e = current as {
      code?: unknown;
      originalCode?: unknown;
      message?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: unknown; code?: unknown };
    };
    if (e.code === "57014" || e.originalCode === "57014" || e.code === "P2028" || e.meta?.code === "57014") return true;
    if (typeof e.message === "string" && /canceling statement due to statement timeout/.test(e.message)) return true;
    current = e.cause ?? e.meta?.driverAdapterError;
  }
  return false;
}

type Plan = { ledger: (delivery: DeliveryHeaders) => Promise<ApplyResult> } | { transaction: Apply };

/** Validates the payload (throws PayloadError) and returns what applies it. */
function planFor(topic: WebhookTopic, payload: unknown, shopDomain: string): Plan {
  switch (topic) {
    case "orders/create":
    case "orders/updated":
    case "orders/cancelled": {
      const order = parseOrderPayload(payload);
      return { ledger: (delivery) => ledger(orderDeliveryCall(delivery, order)) };
    }
    case "refunds/create": {
      const refund = parseRefundPayload(payload);
      return { ledger: (delivery) => ledger(refundDeliveryCall(delivery, refund)) };
    }
    default:
      return { transaction: transactionFor(topic, payload, shopDomain) };
  }
}

/** A shop that never installed (or that shop/redact erased): answered 200, nothing stored. */
const NOT_INSTALLED: ApplyResult = { outcome: "IGNORED", detail: "shop not installed: nothing stored" };

/** A compliance body names its shop: it must be the shop Shopify signed the delivery for. */
function sameShop(bodyDomain: string, headerDomain: string) {
  if (bodyDomain !== headerDomain) {
    throw new PayloadError(`shop_domain ${bodyDomain.slice(0, 255)} in the body is not the shop of the delivery (${headerDomain})`);
  }
}

function transactionFor(
  topic: Exclude<WebhookTopic, "orders/create" | "orders/updated" | "orders/cancelled" | "refunds/create">,
  payload: unknown,
  shopDomain: string,
): Apply {
  switch (topic) {
    case "customers/redact":
    case "customers/data_request": {
      const request = parseCustomerRequest(payload);
      sameShop(request.shopDomain, shopDomain);
      return async (tx, delivery, claim) => {
        const shop = await findShopInTx(tx, delivery.shopDomain);
        if (!shop) return NOT_INSTALLED;
        const deliveryId = await claim(shop.id);
        if (!deliveryId) return null;
        if (topic === "customers/redact") {
          const redacted = await redactCustomer(tx, shop.id, request);
          const reports = await deleteCustomerDataReports(tx, shop.id, request.customerId);
          // Survey answers (decision 028): the customer's, and those of the orders Shopify lists.
          const answers = await redactSurveyAnswers(tx, shop.id, request);
          const extra = [reports ? `${reports} data request report(s) deleted` : "", answers ? `${answers} survey answer(s) deleted` : ""].filter(Boolean);
          return extra.length ? { ...redacted, detail: [redacted.detail, ...extra].join("; ") } : redacted;
        }
        // The report is written in this transaction, with the delivery's claim: a crash keeps
        // neither (Shopify retries), a repeated delivery of the same request stores nothing.
        const stored = await storeCustomerDataReport(tx, {
          shop: { id: shop.id, domain: delivery.shopDomain },
          request,
          deliveryId,
          receivedAt: new Date(),
        });
        return stored.stored
          ? { outcome: "APPLIED", detail: `data request report stored: ${stored.orderCount} order(s), ${stored.refundCount} refund(s)` }
          : { outcome: "DUPLICATE", detail: stored.reason };
      };
    }
    case "shop/redact": {
      sameShop(parseShopRedact(payload).shopDomain, shopDomain);
      return async (tx, delivery, claim) => {
        if (!(await findShopInTx(tx, delivery.shopDomain))) return NOT_INSTALLED;
        // Recorded without a shop id so that deleting the shop keeps this one audit row.
        const id = await claim(null);
        return id ? redactShop(tx, delivery.shopDomain, id) : null;
      };
    }
    case "app/uninstalled": {
      parseObjectPayload(payload);
      return async (tx, delivery, claim) => {
        const shop = await findShopInTx(tx, delivery.shopDomain);
        if (!shop) return NOT_INSTALLED;
        return (await claim(shop.id)) ? endInstall(tx, delivery.shopDomain) : null;
      };
    }
    case "bulk_operations/finish": {
      const finish = parseBulkFinish(payload);
      return async (tx, delivery, claim) => {
        const shop = await findShopInTx(tx, delivery.shopDomain);
        if (!shop) return NOT_INSTALLED;
        if (!(await claim(shop.id))) return null;
        return wakeBulkBackfill(tx, shop.id, finish.operationId, finish.status);
      };
    }
    case "app/scopes_update": {
      const { scopes } = parseScopesUpdate(payload);
      return async (tx, delivery, claim) => {
        const shop = await findShopInTx(tx, delivery.shopDomain);
        if (!shop) return NOT_INSTALLED;
        return (await claim(shop.id)) ? updateGrantedScopes(tx, delivery, scopes) : null;
      };
    }
  }
}

/** What the HTTP layer (a Remix route or the Node fast path) hands over: nothing framework-specific. */
export interface IncomingWebhook {
  method: string;
  path: string;
  header: (name: string) => string | null | undefined;
  /** The raw body as it arrives; read (capped, hashed) only once the signature header is there. */
  body: () => AsyncIterable<Uint8Array>;
}

/**
 * Shopify's largest deliveries (orders with hundreds of lines) are a few hundred kilobytes; a body
 * over this is refused (413) while it is read. Unverified bytes in flight are bounded per process
 * (all deliveries being read at once): past that, 503 with Retry-After, and Shopify retries.
 */
export const WEBHOOK_MAX_BODY_BYTES = 10 * 1024 * 1024;
const unverifiedUploads = new UploadBudget(64 * 1024 * 1024);

export interface WebhookAnswer {
  status: number;
  statusText?: string;
  headers: Record<string, string>;
}

function reject(status: 400 | 401 | 405, reason: string, input: IncomingWebhook): WebhookAnswer {
  log.warn({ status, path: input.path, reason }, "webhook rejected");
  const headers: Record<string, string> = status === 405 ? { Allow: "POST" } : {};
  return { status, statusText: reason.slice(0, 100).replace(/[^\x20-\x7e]/g, "?"), headers };
}

function optionalDate(value: string | undefined | null): Date | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time);
}

/**
 * Shopify's delivery headers, by the name after the prefix. Deliveries carry them as
 * `X-Shopify-Topic` … or, in Shopify's newer spelling, `Shopify-Topic` …; each is read in either
 * spelling (the `X-` one first), as `@shopify/shopify-api`'s `webhooks.validate` accepts both
 * (its `ShopifyHeader` and `ShopifyEventsHeader`). Header names are case-insensitive.
 */
type ShopifyHeaderName =
  | "Hmac-Sha256"
  | "Topic"
  | "Shop-Domain"
  | "API-Version"
  | "Webhook-Id"
  | "Event-Id"
  | "Triggered-At";

function shopifyHeader(input: Pick<IncomingWebhook, "header">, name: ShopifyHeaderName): string | undefined {
  return input.header(`X-Shopify-${name}`)?.trim() || input.header(`Shopify-${name}`)?.trim() || undefined;
}

const REQUIRED_HEADERS = ["Topic", "Shop-Domain", "API-Version", "Webhook-Id"] as const;

/**
 * Deliveries being handled at once by this process (WEBHOOK_MAX_IN_FLIGHT, default 400: about a
 * second of one process's work at full load). Past it, a delivery is answered 503 with
 * Retry-After without checking its signature or parsing it: when the CPU, not the database, is what runs out, the
 * requests wait before they reach the ledger's queue, and only this sees them (decision 022).
 */
export function webhookMaxInFlight(env: NodeJS.ProcessEnv = process.env): number {
  return wholeNumberEnv(env, "WEBHOOK_MAX_IN_FLIGHT", 400, 1);
}
let inFlight = 0;
let maxInFlight: number | undefined;

/** Deliveries this process is handling now (admitted, not yet answered): for logs and tests. */
export function webhooksInFlight() {
  return inFlight;
}

/**
 * Reads and discards a refused delivery's body, so that the answer reaches the sender instead of
 * a connection reset (closing a socket with unread bytes resets it). False when the body is over
 * the size limit: that connection is closed instead.
 */
async function discardBody(body: AsyncIterable<Uint8Array>): Promise<boolean> {
  try {
    await readLimited(body, { limit: WEBHOOK_MAX_BODY_BYTES, discard: true });
    return true;
  } catch {
    return false;
  }
}

/** 503 with Retry-After (Shopify retries later); nothing was stored. */
function deferred(input: IncomingWebhook, why: string, fields: Record<string, unknown> = {}, closeConnection = false): WebhookAnswer {
  log.warn({ status: 503, path: input.path, ...fields }, `webhook deferred: ${why}`);
  const headers = { ...(closeConnection ? BODY_REFUSED_HEADERS : {}), "Retry-After": BUSY_RETRY_AFTER_SECONDS };
  return { status: 503, statusText: "Busy", headers };
}

/** Verifies, validates and applies one delivery; the answer for Shopify. Throws only when the database fails. */
export async function receiveWebhook(input: IncomingWebhook, topic: WebhookTopic): Promise<WebhookAnswer> {
  if (input.method !== "POST") return reject(405, "Method not allowed", input);
  maxInFlight ??= webhookMaxInFlight();
  if (inFlight >= maxInFlight) {
    const fields = { inFlight };
    // No signature check, no parsing: reading the bytes is all the work a refusal costs.
    const drained = await discardBody(input.body());
    return deferred(input, "too many deliveries in flight", fields, !drained);
  }
  inFlight++;
  try {
    return await receiveAdmitted(input, topic);
  } finally {
    inFlight--;
  }
}

async function receiveAdmitted(input: IncomingWebhook, topic: WebhookTopic): Promise<WebhookAnswer> {
  const signature = shopifyHeader(input, "Hmac-Sha256");
  if (!signature) return reject(401, "Missing signature", input);
  let raw: string;
  try {
    const body = await readSignedBody(input.body(), {
      limit: WEBHOOK_MAX_BODY_BYTES,
      secret: webhookSecret(),
      budget: unverifiedUploads,
      contentLength: input.header("Content-Length"),
    });
    if (!signatureMatches(body.digest, signature)) return reject(401, "Invalid signature", input);
    raw = body.text;
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      log.warn({ status: 413, path: input.path }, "webhook rejected: body too large");
      return { status: 413, statusText: "Payload too large", headers: { ...BODY_REFUSED_HEADERS } };
    }
    if (error instanceof UploadsBusy) return deferred(input, "too many unverified uploads in flight", {}, true);
    throw error;
  }
  const topicHeader = shopifyHeader(input, "Topic");
  const domainHeader = shopifyHeader(input, "Shop-Domain");
  const apiVersion = shopifyHeader(input, "API-Version");
  const webhookId = shopifyHeader(input, "Webhook-Id");
  if (!topicHeader || !domainHeader || !apiVersion || !webhookId) {
    const missing = REQUIRED_HEADERS.filter((name) => !shopifyHeader(input, name)).map((name) => `X-Shopify-${name}`);
    return reject(400, `Missing headers: ${missing.join(", ")}`, input);
  }
  if (!raw) return reject(400, "Empty body", input);

  const headerTopic = topicHeader.toLowerCase();
  if (headerTopic !== topic) return reject(400, `Topic ${headerTopic} sent to the ${topic} route`, input);
  const shopDomain = domainHeader.toLowerCase();
  if (shopDomain.length > 255) return reject(400, "Bad shop domain", input);

  let plan: Plan;
  try {
    plan = planFor(topic, parseWebhookJson(raw), shopDomain);
  } catch (error) {
    if (error instanceof PayloadError) return reject(400, error.message, input);
    throw error;
  }

  const eventId = shopifyHeader(input, "Event-Id");
  const delivery: DeliveryHeaders = {
    shopDomain,
    topic,
    webhookId: webhookId.slice(0, 255),
    eventId: eventId ? eventId.slice(0, 255) : null,
    apiVersion: apiVersion.slice(0, 32),
    triggeredAt: optionalDate(shopifyHeader(input, "Triggered-At")),
  };
  try {
    return await applyPlan(plan, delivery, topic);
  } catch (error) {
    if (error instanceof QueueFull) {
      return deferred(input, "the ledger queue is full", { reason: error.reason });
    }
    if (isOutOfTime(error)) {
      return deferred(input, "the database ran out of time (nothing committed)", { err: error });
    }
    throw error;
  }
}

async function applyPlan(plan: Plan, delivery: DeliveryHeaders, topic: WebhookTopic): Promise<WebhookAnswer> {
  if ("ledger" in plan) {
    const result = await plan.ledger(delivery);
    return { status: 200, headers: { [OUTCOME_HEADER]: result.outcome } };
  }
  const apply = plan.transaction;
  const result = await prisma.$transaction(async (tx) => {
    let claimed: string | null = null;
    const claim = async (shopId: string | null) => (claimed = await claimDelivery(tx, delivery, shopId));
    const applied = await apply(tx, delivery, claim);
    // null: the claim found the delivery recorded; no claim: nothing is stored for this shop.
    if (!applied) return { outcome: "DUPLICATE" as const, detail: "already recorded" };
    if (!claimed) return applied;
    await settleDelivery(tx, claimed, applied);
    return applied;
  }, topic === "customers/data_request" ? DATA_REQUEST_TRANSACTION_OPTIONS : TRANSACTION_OPTIONS);
  return { status: 200, headers: { [OUTCOME_HEADER]: result.outcome } };
}

/** The Remix route adapter: every `app/routes/webhooks.*.tsx` action calls this. */
export async function ingestWebhook(request: Request, topic: WebhookTopic): Promise<Response> {
  const answer = await receiveWebhook(
    {
      method: request.method,
      path: new URL(request.url).pathname,
      header: (name) => request.headers.get(name),
      body: () => bodyChunks(request.body),
    },
    topic,
  );
  return new Response(null, answer);
}

/** Webhook routes answer GET (and anything but POST) with 405. */
export function methodNotAllowed(): Response {
  return new Response(null, { status: 405, statusText: "Method not allowed", headers: { Allow: "POST" } });
}
