// The order fields CodeTrail reads from the Admin API: what the webhook ledger needs to attribute
// and total an order (app/lib/admin-order.ts turns them into the webhook payload shape).
export const MONEY_BAG_FIELDS = `
      shopMoney {
        amount
        currencyCode
      }
      presentmentMoney {
        amount
        currencyCode
      }
`;

/** The amount a discount took off a line, and the code it came from (when it was a code). */
export const CODE_ALLOCATION_FIELDS = `
      allocatedAmountSet {
        shopMoney {
          amount
        }
      }
      discountApplication {
        __typename
        ... on DiscountCodeApplication {
          code
        }
      }
`;

export const ORDER_FIELDS = `
    id
    name
    createdAt
    updatedAt
    cancelledAt
    test
    currencyCode
    presentmentCurrencyCode
    subtotalPriceSet {${MONEY_BAG_FIELDS}}
    totalDiscountsSet {${MONEY_BAG_FIELDS}}
    totalRefundedSet {
      shopMoney {
        amount
      }
    }
    discountCodes
    customer {
      id
      createdAt
    }
    shippingAddress {
      countryCodeV2
    }
    billingAddress {
      countryCodeV2
    }
    customerJourneySummary {
      firstVisit {
        landingPage
        referrerUrl
      }
      lastVisit {
        landingPage
        referrerUrl
      }
    }
`;

export interface AdminMoney {
  amount: string;
  currencyCode: string;
}

export interface AdminMoneyBag {
  shopMoney: AdminMoney;
  presentmentMoney: AdminMoney;
}

export interface AdminVisit {
  landingPage: string | null;
  referrerUrl: string | null;
}

export interface AdminOrder {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  test: boolean;
  currencyCode: string;
  presentmentCurrencyCode: string;
  subtotalPriceSet: AdminMoneyBag | null;
  totalDiscountsSet: AdminMoneyBag | null;
  totalRefundedSet: { shopMoney: { amount: string } };
  discountCodes: string[];
  customer: { id: string; createdAt: string } | null;
  shippingAddress: { countryCodeV2: string | null } | null;
  billingAddress: { countryCodeV2: string | null } | null;
  customerJourneySummary: { firstVisit: AdminVisit | null; lastVisit: AdminVisit | null } | null;
}
