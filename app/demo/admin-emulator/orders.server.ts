import { GraphQLError } from "graphql";
import type { Database } from "../../db.server";
import type { Prisma } from "../../generated/prisma/client";
import { Decimal } from "../../lib/money";
import type { RootResolver } from "./resolvers.server";

/**
 * The emulated store's orders: `orders(first, after, query, sortKey, reverse)` with Shopify's
 * search syntax for the filters CodeTrail uses (discount_code — which, as Shopify documents it, is
 * "limited to the first discount code used on an order" —, updated_at, created_at) and real
 * cursor pagination (keyset on the sort key and id), and `order(id)`. Orders are kept in the
 * Admin GraphQL API's Order shape (EmulatorOrder.data); `putEmulatorOrder` writes them from a
 * compact description, for the demo seed and the tests.
 */

const ORDER_GID = "gid://shopify/Order/";
const MAX_PAGE = 250;

export interface EmulatedOrderInput {
  id: bigint;
  name: string;
  createdAt: Date;
  updatedAt?: Date;
  cancelledAt?: Date | null;
  test?: boolean;
  currencyCode?: string;
  /** Subtotal after discounts, shop money (and presentment money). */
  subtotal: EmulatedAmount;
  /** Each code on the order and the amount it took off (shop money). */
  codes?: { code: string; amount: string }[];
  landingPage?: string | null;
  referrerUrl?: string | null;
  countryCode?: string | null;
  customer?: { id: bigint; createdAt: Date } | null;
  /** The currency the customer paid in, when not the shop's; amounts below then carry both. */
  presentmentCurrencyCode?: string;
  refunds?: EmulatedRefundInput[];
}

/** An amount in shop money, and in presentment money when the order has another currency. */
export type EmulatedAmount = string | { shop: string; presentment: string };

/**
 * A refund as the Admin API shows it. `amount` alone is one refunded line item of that subtotal;
 * `lines`, `shipping` and `adjustments` (refund discrepancies, signed from the order's side) give
 * any other kind. The money that went back (`totalRefundedSet`) follows from them unless `money` says.
 */
export interface EmulatedRefundInput {
  id: bigint;
  processedAt: Date;
  amount?: string;
  lines?: EmulatedAmount[];
  shipping?: EmulatedAmount[];
  adjustments?: EmulatedAmount[];
  money?: string;
}

function money(amount: EmulatedAmount, currencyCode: string, presentmentCurrency = currencyCode) {
  const shop = new Decimal(typeof amount === "string" ? amount : amount.shop).toFixed(2);
  const presentment = new Decimal(typeof amount === "string" ? amount : amount.presentment).toFixed(2);
  return { shopMoney: { amount: shop, currencyCode }, presentmentMoney: { amount: presentment, currencyCode: presentmentCurrency } };
}

const shopAmount = (amount: EmulatedAmount) => new Decimal(typeof amount === "string" ? amount : amount.shop);
const sumOf = (amounts: EmulatedAmount[]) => amounts.reduce((sum: Decimal, a) => sum.plus(shopAmount(a)), new Decimal(0));

function refundParts(refund: EmulatedRefundInput) {
  const lines = refund.lines ?? (refund.amount !== undefined ? [refund.amount] : []);
  const shipping = refund.shipping ?? [];
  const adjustments = refund.adjustments ?? [];
  const returned = refund.money ?? sumOf(lines).plus(sumOf(shipping)).minus(sumOf(adjustments)).toFixed();
  return { lines, shipping, adjustments, returned };
}

/** The Order object as the Admin API answers it (only the fields CodeTrail reads). */
export function emulatedOrderData(input: EmulatedOrderInput) {
  const currency = input.currencyCode ?? "USD";
  const codes = input.codes ?? [];
  const discounts = codes.reduce((sum, c) => sum.plus(c.amount), new Decimal(0));
  const presentment = input.presentmentCurrencyCode ?? currency;
  const refunds = (input.refunds ?? []).map((r) => ({ refund: r, ...refundParts(r) }));
  const refunded = refunds.reduce((sum, r) => sum.plus(r.returned), new Decimal(0));
  const visit = input.landingPage || input.referrerUrl ? { landingPage: input.landingPage ?? null, referrerUrl: input.referrerUrl ?? null } : null;
  const address = input.countryCode ? { countryCodeV2: input.countryCode } : null;
  return {
    id: `${ORDER_GID}${input.id}`,
    name: input.name,
    createdAt: input.createdAt.toISOString(),
    updatedAt: (input.updatedAt ?? input.createdAt).toISOString(),
    cancelledAt: input.cancelledAt?.toISOString() ?? null,
    test: input.test ?? false,
    currencyCode: currency,
    presentmentCurrencyCode: presentment,
    subtotalPriceSet: money(input.subtotal, currency, presentment),
    totalDiscountsSet: money(discounts.toFixed(), currency),
    totalRefundedSet: money(refunded.toFixed(), currency),
    discountCodes: codes.map((c) => c.code),
    customer: input.customer ? { id: `gid://shopify/Customer/${input.customer.id}`, createdAt: input.customer.createdAt.toISOString() } : null,
    shippingAddress: address,
    billingAddress: address,
    customerJourneySummary: visit ? { firstVisit: visit, lastVisit: visit } : null,
    refunds: refunds.map(({ refund, lines, shipping, adjustments, returned }) => ({
      id: `gid://shopify/Refund/${refund.id}`,
      createdAt: refund.processedAt.toISOString(),
      processedAt: refund.processedAt.toISOString(),
      totalRefundedSet: money(returned, currency),
      refundLineItems: lines.map((line) => ({ subtotalSet: money(line, currency, presentment) })),
      refundShippingLines: shipping.map((line) => ({ subtotalAmountSet: money(line, currency, presentment) })),
      orderAdjustments: adjustments.map((adjustment) => ({ amountSet: money(adjustment, currency, presentment) })),
    })),
    // One line item carrying each code's allocation, so several codes can be ranked by amount.
    lineItems: [
      {
        discountAllocations: codes.map((c) => ({
          allocatedAmountSet: money(c.amount, currency),
          discountApplication: { __typename: "DiscountCodeApplication", code: c.code },
        })),
      },
    ],
    shippingLines: [],
  };
}

/** Creates or replaces an order in the emulated store (its updatedAt drives `updated_at:` searches). */
export async function putEmulatorOrder(db: Database, shopDomain: string, input: EmulatedOrderInput) {
  const data = emulatedOrderData(input);
  const row = {
    codes: (input.codes ?? []).map((c) => c.code.trim().toUpperCase()),
    createdAt: input.createdAt,
    updatedAt: input.updatedAt ?? input.createdAt,
    data: data as unknown as Prisma.InputJsonValue,
  };
  await db.emulatorOrder.upsert({
    where: { shopDomain_id: { shopDomain, id: input.id } },
    create: { shopDomain, id: input.id, ...row },
    update: row,
  });
}

// --- Search --------------------------------------------------------------------------------------

interface Search {
  codes: string[];
  updatedAt: { gt?: Date; gte?: Date; lt?: Date; lte?: Date };
  createdAt: { gt?: Date; gte?: Date; lt?: Date; lte?: Date };
}

const COMPARATORS = { ">=": "gte", "<=": "lte", ">": "gt", "<": "lt" } as const;

function unquote(value: string) {
  return /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value;
}

/** Shopify's search syntax, for the filters the emulator implements; anything else fails loudly. */
export function parseOrderSearch(query: string): Search {
  const search: Search = { codes: [], updatedAt: {}, createdAt: {} };
  const tokens = query.match(/[a-z_]+:(?:[<>]=?)?(?:'[^']*'|"[^"]*"|\S+)|\S+/gi) ?? [];
  for (const token of tokens) {
    if (/^and$/i.test(token)) continue;
    const match = /^([a-z_]+):((?:[<>]=?)?)(.*)$/i.exec(token);
    if (!match) throw new GraphQLError(`The CodeTrail Admin API emulator does not implement the search term "${token}".`);
    const [, field, op, raw] = match;
    const value = unquote(raw);
    if (field === "discount_code" && !op) {
      search.codes.push(value.trim().toUpperCase());
    } else if ((field === "updated_at" || field === "created_at") && op) {
      const date = new Date(value);
      if (Number.isNaN(date.getTime())) throw new GraphQLError(`Invalid date in search term "${token}".`);
      const target = field === "updated_at" ? search.updatedAt : search.createdAt;
      target[COMPARATORS[op as keyof typeof COMPARATORS]] = date;
    } else {
      throw new GraphQLError(`The CodeTrail Admin API emulator does not implement the search term "${token}".`);
    }
  }
  return search;
}

// --- Cursors -------------------------------------------------------------------------------------

type SortKey = "ID" | "UPDATED_AT" | "CREATED_AT";
type Row = { id: bigint; createdAt: Date; updatedAt: Date; data: Prisma.JsonValue };

function sortValue(row: Row, key: SortKey): string {
  return key === "ID" ? row.id.toString() : (key === "UPDATED_AT" ? row.updatedAt : row.createdAt).toISOString();
}

function encodeCursor(row: Row, key: SortKey) {
  return Buffer.from(JSON.stringify({ k: key, v: sortValue(row, key), id: row.id.toString() })).toString("base64url");
}

function decodeCursor(cursor: string, key: SortKey): { v: string; id: bigint } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { k: string; v: string; id: string };
    if (parsed.k !== key) throw new Error("sort key changed");
    return { v: parsed.v, id: BigInt(parsed.id) };
  } catch {
    throw new GraphQLError("Invalid cursor for this query.", { extensions: { code: "BAD_REQUEST" } });
  }
}

// --- Hydration: list arguments (first) applied like Shopify ----------------------------------------

type Json = Record<string, unknown>;

function page<T>(items: T[], first: unknown) {
  const n = typeof first === "number" ? first : items.length;
  const nodes = items.slice(0, n);
  return { nodes, edges: nodes.map((node) => ({ node })), pageInfo: { hasNextPage: items.length > n, hasPreviousPage: false } };
}

/** Shopify's discount_code search matches the order's first code only. */
function firstCodeMatches(row: { data: Prisma.JsonValue }, codes: string[]) {
  const first = ((row.data as Json).discountCodes as string[] | undefined)?.[0]?.trim().toUpperCase();
  return codes.every((code) => code === first);
}

function hydrate(data: Json): Json {
  const refunds = (data.refunds as Json[] | undefined) ?? [];
  return {
    ...data,
    legacyResourceId: String(data.id).slice(ORDER_GID.length),
    refunds: ({ first }: { first?: number }) =>
      refunds.slice(0, first ?? refunds.length).map((r) => ({
        ...r,
        refundLineItems: ({ first: lines }: { first?: number }) => page((r.refundLineItems as Json[]) ?? [], lines),
        refundShippingLines: ({ first: lines }: { first?: number }) => page((r.refundShippingLines as Json[]) ?? [], lines),
        orderAdjustments: ({ first: lines }: { first?: number }) => page((r.orderAdjustments as Json[]) ?? [], lines),
      })),
    lineItems: ({ first }: { first?: number }) => page((data.lineItems as Json[]) ?? [], first),
    shippingLines: ({ first }: { first?: number }) => page((data.shippingLines as Json[]) ?? [], first),
  };
}

export function orderResolvers(db: Database, shopDomain: string): Record<string, RootResolver> {
  return {
    async orders(args) {
      const first = args.first as number | undefined;
      if (args.last !== undefined || args.before !== undefined) {
        throw new GraphQLError("The CodeTrail Admin API emulator pages orders forwards only (first/after).");
      }
      if (first === undefined || first < 1 || first > MAX_PAGE) {
        throw new GraphQLError(`first must be between 1 and ${MAX_PAGE}.`, { extensions: { code: "BAD_REQUEST" } });
      }
      const key = ((args.sortKey as string | undefined) ?? "ID") as SortKey;
      if (!["ID", "UPDATED_AT", "CREATED_AT"].includes(key)) {
        throw new GraphQLError(`The CodeTrail Admin API emulator does not sort orders by ${key}.`);
      }
      const reverse = args.reverse === true;
      const search = parseOrderSearch(String(args.query ?? ""));
      const column = key === "ID" ? "id" : key === "UPDATED_AT" ? "updatedAt" : "createdAt";
      const where: Prisma.EmulatorOrderWhereInput[] = [{ shopDomain }];
      for (const code of search.codes) where.push({ codes: { has: code } });
      if (Object.keys(search.updatedAt).length) where.push({ updatedAt: search.updatedAt });
      if (Object.keys(search.createdAt).length) where.push({ createdAt: search.createdAt });
      if (typeof args.after === "string") {
        const cursor = decodeCursor(args.after, key);
        const value = key === "ID" ? BigInt(cursor.v) : new Date(cursor.v);
        const beyond = reverse ? "lt" : "gt";
        where.push({
          OR: [{ [column]: { [beyond]: value } }, { [column]: value, id: { [beyond]: cursor.id } }],
        });
      }
      const direction = reverse ? "desc" : "asc";
      // A code search reads every order carrying the code and keeps those where it comes first.
      const rows = (
        await db.emulatorOrder.findMany({
          where: { AND: where },
          orderBy: key === "ID" ? [{ id: direction }] : [{ [column]: direction }, { id: direction }],
          ...(search.codes.length ? {} : { take: first + 1 }),
          select: { id: true, createdAt: true, updatedAt: true, data: true },
        })
      )
        .filter((row) => firstCodeMatches(row, search.codes))
        .slice(0, first + 1);
      const pageRows = rows.slice(0, first);
      const nodes = pageRows.map((row) => hydrate(row.data as Json));
      return {
        nodes,
        edges: pageRows.map((row, i) => ({ cursor: encodeCursor(row, key), node: nodes[i] })),
        pageInfo: {
          hasNextPage: rows.length > first,
          hasPreviousPage: typeof args.after === "string",
          startCursor: pageRows.length ? encodeCursor(pageRows[0], key) : null,
          endCursor: pageRows.length ? encodeCursor(pageRows[pageRows.length - 1], key) : null,
        },
      };
    },

    async ordersCount(args) {
      const search = parseOrderSearch(String(args.query ?? ""));
      const where: Prisma.EmulatorOrderWhereInput[] = [{ shopDomain }];
      for (const code of search.codes) where.push({ codes: { has: code } });
      if (Object.keys(search.updatedAt).length) where.push({ updatedAt: search.updatedAt });
      if (Object.keys(search.createdAt).length) where.push({ createdAt: search.createdAt });
      const limit = typeof args.limit === "number" ? args.limit : 10_000;
      const count = search.codes.length
        ? (await db.emulatorOrder.findMany({ where: { AND: where }, select: { data: true } })).filter((row) => firstCodeMatches(row, search.codes)).length
        : await db.emulatorOrder.count({ where: { AND: where } });
      return { count: Math.min(count, limit), precision: count > limit ? "AT_LEAST" : "EXACT" };
    },

    async order(args) {
      const gid = String(args.id ?? "");
      if (!gid.startsWith(ORDER_GID) || !/^\d+$/.test(gid.slice(ORDER_GID.length))) return null;
      const row = await db.emulatorOrder.findUnique({
        where: { shopDomain_id: { shopDomain, id: BigInt(gid.slice(ORDER_GID.length)) } },
      });
      return row ? hydrate(row.data as Json) : null;
    },
  };
}
