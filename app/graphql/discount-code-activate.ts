import type { DiscountUserError } from "./discount-fragments";

export const DISCOUNT_CODE_ACTIVATE = `#graphql
  mutation DiscountCodeActivate($id: ID!) {
    discountCodeActivate(id: $id) {
      codeDiscountNode {
        id
        codeDiscount {
          ... on DiscountCodeBasic {
            status
          }
        }
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`;

export interface DiscountCodeActivateResult {
  discountCodeActivate: { codeDiscountNode: { id: string } | null; userErrors: DiscountUserError[] };
}
