// Paying influencers in the shop's own money (decision 029). Scopes: read_customers (the
// influencer's customer by email), write_store_credit_account_transactions (store credit),
// write_gift_cards (gift cards).

// The shop's customer with this email, if any.
export const CUSTOMER_BY_EMAIL_QUERY = `#graphql
  query CustomerByEmail($email: String!) {
    customerByIdentifier(identifier: { emailAddress: $email }) {
      id
    }
  }
`;

// Credits the customer's store credit account in the shop currency (the account is created on the
// first credit when the id is the customer's).
export const STORE_CREDIT_ACCOUNT_CREDIT_MUTATION = `#graphql
  mutation StoreCreditAccountCredit($id: ID!, $creditInput: StoreCreditAccountCreditInput!) {
    storeCreditAccountCredit(id: $id, creditInput: $creditInput) {
      storeCreditAccountTransaction {
        id
        amount {
          amount
          currencyCode
        }
        account {
          id
          balance {
            amount
            currencyCode
          }
        }
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

// A gift card of the statement's amount, assigned to the influencer's customer.
export const GIFT_CARD_CREATE_MUTATION = `#graphql
  mutation GiftCardCreate($input: GiftCardCreateInput!) {
    giftCardCreate(input: $input) {
      giftCard {
        id
        lastCharacters
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export interface PayoutUserError {
  code: string | null;
  field: string[] | null;
  message: string;
}

export interface CustomerByEmailResult {
  customerByIdentifier: { id: string } | null;
}

export interface StoreCreditAccountCreditResult {
  storeCreditAccountCredit: {
    storeCreditAccountTransaction: {
      id: string;
      amount: { amount: string; currencyCode: string };
      account: { id: string; balance: { amount: string; currencyCode: string } };
    } | null;
    userErrors: PayoutUserError[];
  };
}

export interface GiftCardCreateResult {
  giftCardCreate: { giftCard: { id: string; lastCharacters: string } | null; userErrors: PayoutUserError[] };
}
