// The fields CodeTrail reads back from a basic code discount, shared by every discount operation.
export const CODE_DISCOUNT_NODE_FIELDS = `
    id
    codeDiscount {
      __typename
      ... on DiscountCodeBasic {
        title
        status
        startsAt
        endsAt
        usageLimit
        appliesOncePerCustomer
        asyncUsageCount
        codes(first: 1) {
          nodes {
            code
          }
        }
        customerGets {
          value {
            __typename
            ... on DiscountPercentage {
              percentage
            }
            ... on DiscountAmount {
              amount {
                amount
                currencyCode
              }
            }
          }
        }
      }
    }
`;

export interface CodeDiscountNode {
  id: string;
  codeDiscount: {
    __typename: string;
    title?: string;
    status?: "ACTIVE" | "EXPIRED" | "SCHEDULED";
    startsAt?: string;
    endsAt?: string | null;
    usageLimit?: number | null;
    appliesOncePerCustomer?: boolean;
    asyncUsageCount?: number;
    codes?: { nodes: { code: string }[] };
    customerGets?: {
      value:
        | { __typename: "DiscountPercentage"; percentage: number }
        | { __typename: "DiscountAmount"; amount: { amount: string; currencyCode: string } }
        | { __typename: string };
    };
  };
}

export interface DiscountUserError {
  field: string[] | null;
  code: string | null;
  message: string;
}
