import { CODE_DISCOUNT_NODE_FIELDS, type CodeDiscountNode } from "./discount-fragments";

export const CODE_DISCOUNT_NODE_BY_CODE = `#graphql
  query CodeDiscountNodeByCode($code: String!) {
    codeDiscountNodeByCode(code: $code) {${CODE_DISCOUNT_NODE_FIELDS}}
  }
`;

export interface CodeDiscountNodeByCodeResult {
  codeDiscountNodeByCode: CodeDiscountNode | null;
}
