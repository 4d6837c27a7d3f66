import prisma from "../../app/db.server";
import type { AdminOrder } from "../../app/graphql/order-fragments";
import { adminOrderSnapshot } from "../../app/lib/admin-order";
import { applyOrder, type ShopRef } from "../../app/models/order-ledger.server";
import { emulatedOrderData, type EmulatedOrderInput } from "../../app/demo/admin-emulator/orders.server";

/** Shopify-sized ids (above 2^53) so no test passes by accident through a JS number. */
export const ORDER_BASE = 9_007_199_254_800_000n;

export function order(n: number, overrides: Partial<EmulatedOrderInput> = {}): EmulatedOrderInput {
  const createdAt = overrides.createdAt ?? new Date(Date.UTC(2026, 9, 1, 12) + n * 3_600_000);
  return {
    id: ORDER_BASE + BigInt(n),
    name: `#${1000 + n}`,
    createdAt,
    subtotal: "85.00",
    codes: [{ code: "JANE15", amount: "15.00" }],
    customer: { id: ORDER_BASE + 500_000n + BigInt(n), createdAt },
    ...overrides,
  };
}

/** Applies an order to the ledger the way the webhook path does (parse, then applyOrder). */
export function applyToLedger(shop: ShopRef, input: EmulatedOrderInput) {
  const data = emulatedOrderData(input);
  const connection = <T>(nodes: T[]) => ({ pageInfo: { hasNextPage: false }, nodes });
  const snapshot = adminOrderSnapshot(data as unknown as AdminOrder, {
    refunds: data.refunds.map((r) => ({ ...r, refundLineItems: connection(r.refundLineItems), orderAdjustments: connection(r.orderAdjustments) })),
  });
  return prisma.$transaction((tx) => applyOrder(tx, shop, snapshot));
}
