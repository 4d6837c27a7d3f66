import {
  CUSTOMER_BY_EMAIL_QUERY,
  GIFT_CARD_CREATE_MUTATION,
  STORE_CREDIT_ACCOUNT_CREDIT_MUTATION,
  type CustomerByEmailResult,
  type GiftCardCreateResult,
  type StoreCreditAccountCreditResult,
} from "../graphql/payouts";
import type { MessageKey } from "../i18n/messages";
import { shopDateOf } from "../lib/shop-dates";
import { approvedStatementOf, markStatementsPaid } from "../models/payouts.server";
import type { ShopRecord } from "../models/shop.server";
import { AdminApiError, adminQuery, type AdminGraphqlClient } from "./admin-client.server";

export type ShopifyPayoutResult = { ok: true; reference: string } | { ok: false; error: MessageKey | string };

/**
 * Pays an approved statement in the shop's own money through the Admin API (decision 029): store
 * credit on the influencer's customer account (storeCreditAccountCredit) or a gift card assigned
 * to them (giftCardCreate), in the shop currency, then marks the statement paid today with the
 * transaction's or card's id as reference. The influencer must be a customer of the shop with the
 * email on their profile. Shopify's refusal is returned in its words and nothing is marked; a
 * statement that is not awaiting payment is refused before Shopify is asked.
 */
export async function payStatementInShop(
  admin: AdminGraphqlClient,
  shop: ShopRecord,
  influencerId: string,
  statementId: string,
  method: "STORE_CREDIT" | "GIFT_CARD",
  now = new Date(),
): Promise<ShopifyPayoutResult> {
  const statement = await approvedStatementOf(shop.id, influencerId, statementId);
  if (!statement) return { ok: false, error: "payouts.notApproved" };
  if (!statement.email) return { ok: false, error: "payouts.noEmail" };
  try {
    const { customerByIdentifier } = await adminQuery<CustomerByEmailResult>(admin, CUSTOMER_BY_EMAIL_QUERY, { email: statement.email });
    if (!customerByIdentifier) return { ok: false, error: "payouts.noCustomer" };
    let reference: string;
    if (method === "STORE_CREDIT") {
      const { storeCreditAccountCredit: r } = await adminQuery<StoreCreditAccountCreditResult>(admin, STORE_CREDIT_ACCOUNT_CREDIT_MUTATION, {
        id: customerByIdentifier.id,
        creditInput: { creditAmount: { amount: statement.total.toFixed(2), currencyCode: shop.currencyCode }, notify: true },
      });
      if (!r.storeCreditAccountTransaction) return { ok: false, error: r.userErrors.map((e) => e.message).join("; ") || "payouts.shopifyFailed" };
      reference = r.storeCreditAccountTransaction.id;
    } else {
      const { giftCardCreate: r } = await adminQuery<GiftCardCreateResult>(admin, GIFT_CARD_CREATE_MUTATION, {
        input: { initialValue: statement.total.toFixed(2), customerId: customerByIdentifier.id, note: `CodeTrail commission to ${statement.periodEnd}` },
      });
      if (!r.giftCard) return { ok: false, error: r.userErrors.map((e) => e.message).join("; ") || "payouts.shopifyFailed" };
      reference = `${r.giftCard.id} (…${r.giftCard.lastCharacters})`;
    }
    const marked = await markStatementsPaid(shop.id, [statement.id], { paidOn: shopDateOf(now, shop.ianaTimezone), reference, method }, influencerId);
    return marked ? { ok: true, reference } : { ok: false, error: "payouts.notApproved" };
  } catch (error) {
    if (error instanceof AdminApiError) return { ok: false, error: error.message };
    throw error;
  }
}
