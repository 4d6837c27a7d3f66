import { createHash } from "node:crypto";
import { Decimal } from "../../lib/money";
import type { RootResolver } from "./resolvers.server";

/**
 * The emulated store's customers, store credit and gift cards, as far as paying influencers needs
 * (decision 029): every email is a customer (a stable id from the email; "nobody@…" is none),
 * storeCreditAccountCredit adds to the customer's account in the shop currency (created on the
 * first credit, as Shopify does), giftCardCreate issues a card of the amount. In memory per shop;
 * the balances can be read back by tests (emulatedStoreCredit).
 */
const accounts = new Map<string, { id: string; balance: Decimal; currency: string }>();
let nextId = 1;

function customerId(email: string): string {
  const digits = BigInt(`0x${createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 12)}`).toString();
  return `gid://shopify/Customer/${digits}`;
}

/** The store credit balance the emulator holds for a customer (tests, demo). */
export function emulatedStoreCredit(shopDomain: string, email: string): string | null {
  return accounts.get(`${shopDomain}|${customerId(email)}`)?.balance.toFixed(2) ?? null;
}

const moneyError = (field: string) => ({ code: "INVALID", field: [field], message: "Amount must be positive" });

export function payoutResolvers(shopDomain: string, currencyCode: string): Record<string, RootResolver> {
  return {
    customerByIdentifier(args) {
      const email = (args.identifier as { emailAddress?: string } | undefined)?.emailAddress;
      if (!email || email.toLowerCase().startsWith("nobody@")) return null;
      return { id: customerId(email) };
    },
    storeCreditAccountCredit(args) {
      const id = String(args.id ?? "");
      const input = args.creditInput as { creditAmount?: { amount?: string; currencyCode?: string } } | undefined;
      const amount = new Decimal(input?.creditAmount?.amount ?? "0");
      if (!id.startsWith("gid://shopify/Customer/")) {
        return { storeCreditAccountTransaction: null, userErrors: [{ code: "ACCOUNT_NOT_FOUND", field: ["id"], message: "Store credit account does not exist" }] };
      }
      if (amount.lte(0)) return { storeCreditAccountTransaction: null, userErrors: [moneyError("creditInput.creditAmount.amount")] };
      if (input?.creditAmount?.currencyCode !== currencyCode) {
        return { storeCreditAccountTransaction: null, userErrors: [{ code: "MISMATCHING_CURRENCY", field: ["creditInput", "creditAmount"], message: "Currency mismatch" }] };
      }
      const key = `${shopDomain}|${id}`;
      const account = accounts.get(key) ?? { id: `gid://shopify/StoreCreditAccount/${nextId++}`, balance: new Decimal(0), currency: currencyCode };
      account.balance = account.balance.plus(amount);
      accounts.set(key, account);
      return {
        storeCreditAccountTransaction: {
          id: `gid://shopify/StoreCreditAccountCreditTransaction/${nextId++}`,
          amount: { amount: amount.toFixed(2), currencyCode },
          account: { id: account.id, balance: { amount: account.balance.toFixed(2), currencyCode } },
        },
        userErrors: [],
      };
    },
    giftCardCreate(args) {
      const input = args.input as { initialValue?: string } | undefined;
      const value = new Decimal(input?.initialValue ?? "0");
      if (value.lte(0)) return { giftCard: null, userErrors: [moneyError("initialValue")] };
      const n = nextId++;
      return { giftCard: { id: `gid://shopify/GiftCard/${n}`, lastCharacters: String(1000 + n).slice(-4) }, userErrors: [] };
    },
  };
}
