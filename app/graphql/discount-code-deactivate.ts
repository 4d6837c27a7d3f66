import type { DiscountUserError } from "./discount-fragments";

export const DISCOUNT_CODE_DEACTIVATE = `#graphql
  mutation DiscountCodeDeactivate($id: ID!) {
    discountCodeDeactivate(id: $id) {
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

export interface DiscountCodeDeactivateResult {
  discountCodeDeactivate: { codeDiscountNode: { id: string } | null; userErrors: DiscountUserError[] };
}
