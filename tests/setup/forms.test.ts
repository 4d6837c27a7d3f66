import { describe, expect, it } from "vitest";
import { parseForm } from "../../app/lib/form-validation";
import { campaignSchema } from "../../app/lib/forms/campaign";
import { commissionSchema } from "../../app/lib/forms/commission";
import { convertCost, costSchema } from "../../app/lib/forms/cost";
import { influencerSchema } from "../../app/lib/forms/influencer";
import { Decimal } from "../../app/lib/money";

const errorsOf = (result: ReturnType<typeof parseForm>) => (result.ok ? {} : result.fieldErrors);

describe("influencer form", () => {
  it("trims, lower-cases the email, strips @ from handles and drops empty handles", () => {
    const parsed = parseForm(influencerSchema, {
      name: "  Jane Porter ",
      email: "Jane@Example.com",
      "handle.INSTAGRAM": "@janeporter",
      "handle.TIKTOK": "",
      "handle.BLOG": "https://jane.blog/",
    });
    expect(parsed).toEqual({
      ok: true,
      data: {
        name: "Jane Porter",
        email: "jane@example.com",
        notes: null,
        status: "ACTIVE",
        language: null,
        handles: [
          { platform: "INSTAGRAM", handle: "janeporter" },
          { platform: "BLOG", handle: "https://jane.blog/" },
        ],
      },
    });
  });

  it.each([
    [{ name: "" }, { name: "validation.required" }],
    [{ name: "   " }, { name: "validation.required" }],
    [{}, { name: "validation.required" }],
    [{ name: "A", email: "not-an-email" }, { email: "validation.email" }],
    [{ name: "A", "handle.X": "two words" }, { "handle.X": "validation.handle.invalid" }],
    [{ name: "A", language: "klingon" }, { language: "validation.choice" }],
    [{ name: "A", status: "DELETED" }, { status: "validation.choice" }],
  ])("refuses %j with message keys", (input, expected) => {
    expect(errorsOf(parseForm(influencerSchema, input))).toEqual(expected);
  });
});

describe("campaign form", () => {
  const valid = { name: "Autumn", goal: "AWARENESS", startsOn: "2026-11-01", endsOn: "2026-11-30", budget: "1500.50", hashtag: "#Autumn_26" };

  it("parses dates, an exact budget and a one-word hashtag", () => {
    const parsed = parseForm(campaignSchema, valid);
    expect(parsed.ok && parsed.data).toMatchObject({ name: "Autumn", goal: "AWARENESS", endsOn: "2026-11-30", hashtag: "#Autumn_26" });
    expect(parsed.ok && parsed.data.budget?.toFixed(4)).toBe("1500.5000");
  });

  it("allows no end date and no budget", () => {
    const parsed = parseForm(campaignSchema, { ...valid, endsOn: "", budget: "" });
    expect(parsed.ok && parsed.data).toMatchObject({ endsOn: null, budget: null });
  });

  it.each([
    [{ endsOn: "2026-10-31" }, { endsOn: "validation.dateRange" }],
    [{ startsOn: "2026-02-30" }, { startsOn: "validation.date" }],
    [{ startsOn: "" }, { startsOn: "validation.required" }],
    [{ budget: "-5" }, { budget: "validation.amount.negative" }],
    [{ budget: "lots" }, { budget: "validation.number" }],
    [{ budget: "1,000" }, { budget: "validation.number" }],
    [{ budget: "1.23456" }, { budget: "validation.amount.precision" }],
    [{ hashtag: "two words" }, { hashtag: "validation.hashtag" }],
    [{ goal: "FAME" }, { goal: "validation.choice" }],
  ])("refuses %j", (change, expected) => {
    expect(errorsOf(parseForm(campaignSchema, { ...valid, ...change }))).toEqual(expected);
  });
});

describe("commission form", () => {
  it("none removes the rule; percent accepts 1 to 100; fixed accepts any positive amount", () => {
    expect(parseForm(commissionSchema, { kind: "NONE", rate: "whatever" })).toEqual({ ok: true, data: null });
    for (const rate of ["1", "7.5", "100"]) {
      const parsed = parseForm(commissionSchema, { kind: "PERCENT_OF_NET_SALES", rate });
      expect(parsed.ok && parsed.data?.rate.toString()).toBe(rate);
    }
    const fixed = parseForm(commissionSchema, { kind: "FIXED_PER_ORDER", rate: "250.25" });
    expect(fixed.ok && fixed.data?.rate.toFixed(2)).toBe("250.25");
  });

  it.each([
    [{ kind: "PERCENT_OF_NET_SALES", rate: "0.5" }, { rate: "validation.percent.range" }],
    [{ kind: "PERCENT_OF_NET_SALES", rate: "100.01" }, { rate: "validation.percent.range" }],
    [{ kind: "PERCENT_OF_NET_SALES", rate: "0" }, { rate: "validation.amount.positive" }],
    [{ kind: "PERCENT_OF_NET_SALES", rate: "-10" }, { rate: "validation.amount.negative" }],
    [{ kind: "PERCENT_OF_NET_SALES", rate: "ten" }, { rate: "validation.number" }],
    [{ kind: "PERCENT_OF_NET_SALES", rate: "" }, { rate: "validation.required" }],
    [{ kind: "FIXED_PER_ORDER", rate: "-1" }, { rate: "validation.amount.negative" }],
    [{ kind: "BONUS", rate: "5" }, { kind: "validation.choice" }],
  ])("refuses %j", (input, expected) => {
    expect(errorsOf(parseForm(commissionSchema, input))).toEqual(expected);
  });
});

describe("cost form and currency conversion", () => {
  const schema = costSchema("USD");
  const base = { kind: "FLAT_FEE", amount: "1200", currency: "USD", incurredOn: "2026-11-10" };

  it("keeps a shop-currency cost as typed, with no conversion columns", () => {
    const parsed = parseForm(schema, base);
    expect(parsed.ok && parsed.data.amount.toFixed(4)).toBe("1200.0000");
    expect(parsed.ok && parsed.data).toMatchObject({ originalAmount: null, originalCurrency: null, exchangeRate: null });
  });

  it("an empty currency means the shop's", () => {
    const parsed = parseForm(schema, { ...base, currency: "" });
    expect(parsed.ok && parsed.data.originalCurrency).toBeNull();
  });

  it("converts a foreign cost exactly: amount = original × rate, rounded half-up to 4 places", () => {
    const parsed = parseForm(schema, { ...base, amount: "100.10", currency: "eur", exchangeRate: "1.08345678" });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    // 100.10 × 1.08345678 = 108.454023678 → 108.4540
    expect(parsed.data.amount.toFixed(4)).toBe("108.4540");
    expect(parsed.data.originalAmount?.toFixed(2)).toBe("100.10");
    expect(parsed.data.originalCurrency).toBe("EUR");
    expect(parsed.data.exchangeRate?.toFixed(8)).toBe("1.08345678");
  });

  it("rounds half up at the fifth decimal and never goes through a float", () => {
    const { amount } = convertCost(new Decimal("0.1"), "EUR", "USD", new Decimal("0.00005"));
    expect(amount.toFixed(4)).toBe("0.0000");
    expect(convertCost(new Decimal("1"), "EUR", "USD", new Decimal("0.00005")).amount.toFixed(4)).toBe("0.0001");
    // 0.1 + 0.2 style inputs stay exact.
    expect(convertCost(new Decimal("0.3"), "JPY", "USD", new Decimal("3")).amount.toString()).toBe("0.9");
  });

  it.each([
    [{ amount: "-5" }, { amount: "validation.amount.negative" }],
    [{ amount: "0" }, { amount: "validation.amount.positive" }],
    [{ amount: "12,50" }, { amount: "validation.number" }],
    [{ amount: "" }, { amount: "validation.required" }],
    [{ currency: "XYZ" }, { currency: "validation.currency.unknown" }],
    [{ currency: "dollars" }, { currency: "validation.currency.unknown" }],
    [{ currency: "EUR" }, { exchangeRate: "validation.rate.required" }],
    [{ currency: "EUR", exchangeRate: "-1.1" }, { exchangeRate: "validation.amount.negative" }],
    [{ currency: "EUR", exchangeRate: "1.123456789" }, { exchangeRate: "validation.rate.precision" }],
    [{ incurredOn: "yesterday" }, { incurredOn: "validation.date" }],
    [{ kind: "BRIBE" }, { kind: "validation.choice" }],
  ])("refuses %j", (change, expected) => {
    expect(errorsOf(parseForm(schema, { ...base, ...change }))).toEqual(expected);
  });
});
