import { CODE_DISCOUNT_NODE_FIELDS, type CodeDiscountNode, type DiscountUserError } from "./discount-fragments";

export const DISCOUNT_CODE_BASIC_UPDATE = `#graphql
  mutation DiscountCodeBasicUpdate($id: ID!, $basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicUpdate(id: $id, basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode {${CODE_DISCOUNT_NODE_FIELDS}}
      userErrors {
        field
        code
        message
      }
    }
  }
`;

export interface DiscountCodeBasicUpdateResult {
  discountCodeBasicUpdate: { codeDiscountNode: CodeDiscountNode | null; userErrors: DiscountUserError[] };
}
