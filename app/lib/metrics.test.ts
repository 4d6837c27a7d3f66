import { describe, expect, it } from "vitest";
import { performanceMetrics } from "./metrics";
import { Decimal } from "./money";

const d = (v: string) => new Decimal(v);

describe("performance metrics", () => {
  it("follows the definitions on a hand-computed example", () => {
    // 4 orders, $500.10 sales, $50.05 refunded, $150.00 cost.
    const m = performanceMetrics({ orders: 4, newCustomers: 3, sales: d("500.10"), refunds: d("50.05"), cost: d("150.00") });
    expect(m.netSales.toFixed(2)).toBe("450.05");
    expect(m.roiPercent?.toFixed(4)).toBe("200.0333"); // (450.05 - 150) / 150 * 100
    expect(m.roas?.toFixed(4)).toBe("3.0003");
    expect(m.cpa?.toFixed(2)).toBe("37.50");
    expect(m.aov?.toFixed(4)).toBe("112.5125");
  });

  it("leaves ratios undefined (null) when their denominator is zero, never Infinity or NaN", () => {
    const m = performanceMetrics({ orders: 0, newCustomers: 0, sales: d("0"), refunds: d("0"), cost: d("0") });
    expect([m.roiPercent, m.roas, m.cpa, m.aov]).toEqual([null, null, null, null]);
    const free = performanceMetrics({ orders: 2, newCustomers: 1, sales: d("80"), refunds: d("0"), cost: d("0") });
    expect(free.roiPercent).toBeNull();
    expect(free.aov?.toFixed(2)).toBe("40.00");
  });

  it("keeps cents exact where floats would drift", () => {
    const m = performanceMetrics({ orders: 3, newCustomers: 0, sales: d("0.30"), refunds: d("0.10"), cost: d("0.10") });
    expect(m.netSales.toString()).toBe("0.2");
    expect(m.roiPercent?.toString()).toBe("100");
  });
});
