import { z } from "zod";
import type { MessageKey } from "../../i18n/messages";
import { decimalField, optionalDate } from "../form-validation";

export const COMMISSION_KINDS = ["NONE", "PERCENT_OF_NET_SALES", "FIXED_PER_ORDER"] as const;

/**
 * The commission rule form: none, a percentage of net sales (1–100), or a fixed amount per order
 * in the shop currency (more than zero).
 */
export const commissionSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("NONE") }).transform(() => null),
    z.object({
      kind: z.literal("PERCENT_OF_NET_SALES"),
      rate: decimalField({ min: 1, max: 100, rangeMessage: "validation.percent.range" }),
    }),
    z.object({ kind: z.literal("FIXED_PER_ORDER"), rate: decimalField() }),
  ],
  { error: "validation.choice" satisfies MessageKey },
);

export type CommissionInput = z.output<typeof commissionSchema>;

/** When new commission terms start (a shop-local date; empty: the shop's today). */
export const commissionStartSchema = z.object({ startsOn: optionalDate });
