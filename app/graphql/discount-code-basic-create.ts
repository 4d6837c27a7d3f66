import { CODE_DISCOUNT_NODE_FIELDS, type CodeDiscountNode, type DiscountUserError } from "./discount-fragments";

export const DISCOUNT_CODE_BASIC_CREATE = `#graphql
  mutation DiscountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode {${CODE_DISCOUNT_NODE_FIELDS}}
      userErrors {
        field
        code
        message
      }
    }
  }
`;

export interface DiscountCodeBasicCreateResult {
  discountCodeBasicCreate: { codeDiscountNode: CodeDiscountNode | null; userErrors: DiscountUserError[] };
}
