import { describe, expect, it } from "vitest";
import { deltaPercent, performanceMetrics, ZERO_INPUTS } from "./metrics";
import { Decimal } from "./money";

const d = (v: string) => new Decimal(v);
const inputs = (over: Partial<typeof ZERO_INPUTS>) => ({ ...ZERO_INPUTS, ...over });

describe("performance metrics", () => {
  it("follows the definitions on a hand-computed example", () => {
    // 4 orders, $500.10 sales, $50.05 refunded, $120.00 fees + $30.00 commission = $150.00 cost.
    const m = performanceMetrics(inputs({ orders: 4, newCustomers: 3, sales: d("500.10"), refunds: d("50.05"), fees: d("120"), commission: d("30") }));
    expect(m.netSales.toFixed(2)).toBe("450.05");
    expect(m.cost.toFixed(2)).toBe("150.00");
    expect(m.roiPercent?.toFixed(4)).toBe("200.0333"); // (450.05 - 150) / 150 * 100
    expect(m.roas?.toFixed(4)).toBe("3.0003");
    expect(m.cpa?.toFixed(2)).toBe("37.50");
    expect(m.cac?.toFixed(2)).toBe("50.00"); // 150 / 3 new customers
    expect(m.aov?.toFixed(4)).toBe("112.5125");
  });

  it("leaves ratios undefined (null) when their denominator is zero, never Infinity or NaN", () => {
    const m = performanceMetrics(ZERO_INPUTS);
    expect([m.roiPercent, m.roas, m.cpa, m.cac, m.aov]).toEqual([null, null, null, null, null]);
    const free = performanceMetrics(inputs({ orders: 2, newCustomers: 0, sales: d("80") }));
    expect(free.roiPercent).toBeNull();
    expect(free.roas).toBeNull();
    expect(free.cac).toBeNull();
    expect(free.aov?.toFixed(2)).toBe("40.00");
    // Cost with no orders: CPA undefined, ROI −100 %.
    const idle = performanceMetrics(inputs({ fees: d("500") }));
    expect(idle.cpa).toBeNull();
    expect(idle.roiPercent?.toFixed(0)).toBe("-100");
  });

  it("keeps cents exact where floats would drift", () => {
    const m = performanceMetrics(inputs({ orders: 3, sales: d("0.30"), refunds: d("0.10"), fees: d("0.10") }));
    expect(m.netSales.toString()).toBe("0.2");
    expect(m.roiPercent?.toString()).toBe("100");
  });

  it("compares periods: relative change, undefined against zero", () => {
    expect(deltaPercent(d("150"), d("100"))?.toFixed(1)).toBe("50.0");
    expect(deltaPercent(d("-50"), d("-100"))?.toFixed(1)).toBe("50.0");
    expect(deltaPercent(d("10"), d("0"))).toBeNull();
    expect(deltaPercent(null, d("5"))).toBeNull();
  });
});
