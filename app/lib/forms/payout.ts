import { z } from "zod";
import type { MessageKey } from "../../i18n/messages";
import { optionalText, requiredDate } from "../form-validation";

export const PAYOUT_METHODS = ["MANUAL", "PAYPAL", "STORE_CREDIT", "GIFT_CARD"] as const;

/** Marking approved statements paid: which (one or many), when, how and the payment's reference. */
export const markPaidSchema = z.object({
  statementId: z.array(z.string().trim().min(1)).min(1, "validation.required" satisfies MessageKey).max(500),
  paidOn: requiredDate,
  reference: optionalText(200),
  method: z.enum(PAYOUT_METHODS, { error: "validation.choice" satisfies MessageKey }),
});

/** The shop's hold period: whole days from 0 to 365 after an order before its commission is payable. */
export const holdDaysSchema = z.object({
  holdDays: z
    .string({ error: "validation.required" satisfies MessageKey })
    .trim()
    .regex(/^\d{1,3}$/, "payouts.holdDays.range" satisfies MessageKey)
    .transform(Number)
    .refine((n) => n <= 365, "payouts.holdDays.range" satisfies MessageKey),
});
