import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { attributeOrder, isNewCustomer, parseTrackingLink, type InfluencerCode } from "./attribution";
import { Decimal } from "./money";

const CODES: InfluencerCode[] = [
  { id: "dc-alice", code: "ALICE10", influencerId: "alice", campaignId: null },
  { id: "dc-bob", code: "BOB15", influencerId: "bob", campaignId: "spring" },
  { id: "dc-cy", code: "CY20", influencerId: "cy", campaignId: null },
];
const d = (code: string, amount = "10.00") => ({ code, amount: new Decimal(amount) });
const order = (discountCodes: ReturnType<typeof d>[], landingSite: string | null = null) => ({ discountCodes, landingSite });

describe("attributeOrder", () => {
  it("matches influencer codes case-insensitively and keeps the code as typed", () => {
    expect(attributeOrder(order([d("alice10")]), CODES)).toEqual({
      source: "DISCOUNT_CODE",
      discountCode: CODES[0],
      matchedCode: "alice10",
    });
  });

  it("ignores codes that are not an influencer's", () => {
    expect(attributeOrder(order([d("WELCOME")]), CODES)).toBeNull();
    expect(attributeOrder(order([]), CODES)).toBeNull();
  });

  it("several influencer codes: largest discount, then alphabetical, whatever their order", () => {
    expect(attributeOrder(order([d("alice10", "5"), d("BOB15", "7.5")]), CODES)?.discountCode.id).toBe("dc-bob");
    expect(attributeOrder(order([d("CY20", "5"), d("bob15", "5")]), CODES)?.discountCode.id).toBe("dc-bob");
    fc.assert(
      fc.property(
        fc.shuffledSubarray([d("alice10", "3"), d("BOB15", "3"), d("cy20", "2.99"), d("NOPE", "100")], { minLength: 1 }),
        (codes) => {
          const forward = attributeOrder(order(codes), CODES);
          const backward = attributeOrder(order([...codes].reverse()), CODES);
          expect(forward).toEqual(backward);
        },
      ),
    );
  });

  it("falls back to a tracking link: /discount/<CODE> before ref=<CODE>", () => {
    expect(attributeOrder(order([], "/discount/cy20?ref=ALICE10"), CODES)).toMatchObject({
      source: "TRACKING_LINK",
      discountCode: CODES[2],
      matchedCode: "cy20",
    });
    expect(attributeOrder(order([d("WELCOME")], "/collections/all?ref=bob15"), CODES)?.discountCode.id).toBe("dc-bob");
    expect(attributeOrder(order([d("ALICE10")], "/?ref=BOB15"), CODES)?.source).toBe("DISCOUNT_CODE");
  });
});

describe("parseTrackingLink", () => {
  it("reads codes and influencer UTM parameters from a path or a full URL", () => {
    expect(
      parseTrackingLink("https://shop.example/discount/BOB%2015?utm_medium=Influencer&utm_campaign=spring&utm_content=reel"),
    ).toEqual({ codes: ["BOB 15"], utmCampaign: "spring", utmContent: "reel", utmSource: null, slug: null });
    expect(parseTrackingLink("/?ref=alice10&utm_medium=cpc&utm_campaign=x&utm_source=Google")).toEqual({
      codes: ["alice10"],
      utmCampaign: null,
      utmContent: null,
      utmSource: null,
      slug: null,
    });
    // The link's slug (ct_link), whatever the medium; a malformed one names no link.
    expect(parseTrackingLink("/discount/BOB15?utm_medium=influencer&utm_source=TikTok&ct_link=BOB15-tt-k3m9q")).toMatchObject({ utmSource: "tiktok", slug: "bob15-tt-k3m9q" });
    expect(parseTrackingLink("/discount/BOB15?ct_link=bob15-tt-k3m9q%27--").slug).toBeNull();
  });

  it("never throws on junk", () => {
    fc.assert(fc.property(fc.string(), (s) => void parseTrackingLink(s)));
    expect(parseTrackingLink("/discount/%E0%A4%A?x")).toMatchObject({ codes: ["%E0%A4%A"] });
    expect(parseTrackingLink(null).codes).toEqual([]);
  });
});

describe("isNewCustomer", () => {
  const at = new Date("2026-07-01T10:00:00Z");
  const customer = (createdAt: string | null, ordersCount: number | null = null) => ({
    customer: { id: 1n, createdAt: createdAt ? new Date(createdAt) : null, ordersCount },
    createdAt: at,
  });

  it("uses orders_count when the payload has it", () => {
    expect(isNewCustomer(customer("2020-01-01T00:00:00Z", 1), false)).toBe(true);
    expect(isNewCustomer(customer("2026-07-01T09:00:00Z", 3), false)).toBe(false);
  });

  it("otherwise: a customer record created within 24 hours before the order", () => {
    expect(isNewCustomer(customer("2026-07-01T09:59:00Z"), false)).toBe(true);
    expect(isNewCustomer(customer("2026-06-29T09:59:00Z"), false)).toBe(false);
  });

  it("never with no evidence, no customer, or an earlier order in the ledger", () => {
    expect(isNewCustomer(customer(null), false)).toBe(false);
    expect(isNewCustomer({ customer: null, createdAt: at }, false)).toBe(false);
    expect(isNewCustomer(customer("2026-07-01T09:59:00Z"), true)).toBe(false);
  });
});
