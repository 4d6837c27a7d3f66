import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applicableRule, commissionFor, orderCommission, type CommissionRuleInput } from "./commission";
import { Decimal } from "./money";

const d = (v: string) => new Decimal(v);
const rule = (over: Partial<CommissionRuleInput> & Pick<CommissionRuleInput, "id">): CommissionRuleInput => ({
  influencerId: null,
  campaignId: null,
  kind: "PERCENT_OF_NET_SALES",
  rate: d("10"),
  createdAt: new Date("2026-01-01T00:00:00Z"),
  ...over,
});
const order = (over: Partial<Parameters<typeof orderCommission>[0]> = {}) => ({
  influencerId: "jane",
  campaignId: "autumn",
  sales: d("120.00"),
  refunded: d("20.00"),
  cancelled: false,
  test: false,
  ...over,
});

describe("commission", () => {
  const campaignRule = rule({ id: "c", campaignId: "autumn", rate: d("10") });
  const janeRule = rule({ id: "j", influencerId: "jane", kind: "FIXED_PER_ORDER", rate: d("7.50") });

  it("accrues a percentage of the order's net sales (sales − refunded)", () => {
    expect(orderCommission(order(), [campaignRule]).toFixed(2)).toBe("10.00"); // 10 % of 100
    expect(orderCommission(order({ sales: d("33.33"), refunded: d("0") }), [rule({ id: "x", rate: d("12.5") })]).toFixed(8)).toBe("4.16625000");
  });

  it("lets the influencer's own rule beat the campaign's: one rule per order", () => {
    expect(applicableRule([campaignRule, janeRule], order())?.id).toBe("j");
    expect(orderCommission(order(), [campaignRule, janeRule]).toFixed(2)).toBe("7.50");
    // Another influencer in the same campaign gets the campaign's rule.
    expect(orderCommission(order({ influencerId: "marco" }), [campaignRule, janeRule]).toFixed(2)).toBe("10.00");
    // Jane's orders outside the campaign still get her rule; nobody else's get anything.
    expect(orderCommission(order({ campaignId: null }), [campaignRule, janeRule]).toFixed(2)).toBe("7.50");
    expect(orderCommission(order({ influencerId: "marco", campaignId: null }), [campaignRule, janeRule]).toFixed(2)).toBe("0.00");
  });

  it("prefers a rule for the influencer in this campaign, then the newest among equals", () => {
    const both = rule({ id: "b", influencerId: "jane", campaignId: "autumn", rate: d("20") });
    expect(applicableRule([campaignRule, janeRule, both], order())?.id).toBe("b");
    const newer = rule({ id: "n", campaignId: "autumn", rate: d("15"), createdAt: new Date("2026-06-01T00:00:00Z") });
    expect(applicableRule([campaignRule, newer], order({ influencerId: "marco" }))?.id).toBe("n");
    const shopWide = rule({ id: "s", rate: d("1") });
    expect(applicableRule([shopWide, campaignRule], order({ influencerId: "marco" }))?.id).toBe("c");
    expect(applicableRule([shopWide], order({ campaignId: null }))?.id).toBe("s");
  });

  it("accrues nothing on cancelled or test orders, a fixed amount per other order", () => {
    expect(orderCommission(order({ cancelled: true }), [janeRule]).toFixed(2)).toBe("0.00");
    expect(orderCommission(order({ test: true }), [campaignRule]).toFixed(2)).toBe("0.00");
    expect(orderCommission(order({ refunded: d("120.00") }), [janeRule]).toFixed(2)).toBe("7.50");
    expect(orderCommission(order(), []).toFixed(2)).toBe("0.00");
  });

  it("is linear: a group's commission equals the sum of its orders' commissions", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ sales: fc.integer({ min: 0, max: 10_000_000 }), refunded: fc.integer({ min: 0, max: 10_000_000 }) }), { maxLength: 30 }),
        fc.constantFrom<CommissionRuleInput[]>([campaignRule], [janeRule], [], [rule({ id: "r", rate: d("12.3456") })]),
        (orders, rules) => {
          const each = orders.map((o) => order({ sales: d(o.sales.toString()).div(100), refunded: d(o.refunded.toString()).div(100) }));
          const sum = each.reduce((s, o) => s.plus(orderCommission(o, rules)), d("0"));
          const net = each.reduce((s, o) => s.plus(o.sales.minus(o.refunded)), d("0"));
          const group = commissionFor({ influencerId: "jane", campaignId: "autumn", orders: each.length, netSales: net }, rules);
          expect(group.equals(sum)).toBe(true);
        },
      ),
    );
  });
});
