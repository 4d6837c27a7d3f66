import { z } from "zod";
import type { CostKind } from "../../generated/prisma/enums";
import type { MessageKey } from "../../i18n/messages";
import { Decimal } from "../money";
import { currencyField, decimalField, isSupportedCurrency, optionalId, optionalText, requiredDate } from "../form-validation";

export const COST_KINDS = ["FLAT_FEE", "PRODUCT_SEEDING", "CONTENT_PRODUCTION", "AD_BOOST", "OTHER"] as const satisfies readonly CostKind[];

export interface ConvertedCost {
  /** In the shop currency: what every report adds up. */
  amount: Decimal;
  originalAmount: Decimal | null;
  originalCurrency: string | null;
  exchangeRate: Decimal | null;
}

/**
 * A cost in the shop currency. Entered in another currency, it keeps what was typed and the rate
 * used, and amount = original × rate rounded half-up to 4 places (the column's scale).
 */
export function convertCost(amount: Decimal, currency: string, shopCurrency: string, rate: Decimal | null): ConvertedCost {
  if (currency === shopCurrency.toUpperCase()) {
    return { amount, originalAmount: null, originalCurrency: null, exchangeRate: null };
  }
  if (!rate) throw new Error(`An exchange rate is required to convert ${currency} to ${shopCurrency}`);
  return {
    amount: amount.times(rate).toDecimalPlaces(4, Decimal.ROUND_HALF_UP),
    originalAmount: amount,
    originalCurrency: currency,
    exchangeRate: rate,
  };
}

/** The add-cost form for a shop whose currency is `shopCurrency`. */
export function costSchema(shopCurrency: string) {
  return z
    .object({
      kind: z.enum(COST_KINDS, { error: "validation.choice" satisfies MessageKey }),
      amount: decimalField(),
      currency: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? shopCurrency : v), currencyField),
      exchangeRate: z.preprocess(
        (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
        decimalField({ places: 8 }).optional(),
      ),
      incurredOn: requiredDate,
      note: optionalText(500),
      campaignId: optionalId,
    })
    .superRefine((c, ctx) => {
      // An unknown currency has its own error; asking for its rate too would be noise.
      if (c.currency !== shopCurrency.toUpperCase() && isSupportedCurrency(c.currency) && !c.exchangeRate) {
        ctx.addIssue({ code: "custom", path: ["exchangeRate"], message: "validation.rate.required" satisfies MessageKey });
      }
    })
    .transform(({ amount, currency, exchangeRate, ...rest }) => ({
      ...rest,
      ...convertCost(amount, currency, shopCurrency, exchangeRate ?? null),
    }));
}

export type CostInput = z.output<ReturnType<typeof costSchema>>;
