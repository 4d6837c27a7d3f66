import { z } from "zod";
import type { CampaignGoal } from "../../generated/prisma/enums";
import type { MessageKey } from "../../i18n/messages";
import { optionalDate, optionalDecimalField, requiredDate, requiredText } from "../form-validation";

export const CAMPAIGN_GOALS = ["AWARENESS", "CONSIDERATION", "CONVERSION"] as const satisfies readonly CampaignGoal[];

/** "#Autumn Layers" is two words; a hashtag is one. Stored with its leading "#". */
const hashtagField = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().replace(/^#+/, "") : v),
  z
    .string()
    .max(100, "validation.tooLong" satisfies MessageKey)
    .refine((s) => s === "" || /^[\p{L}\p{N}_]+$/u.test(s), "validation.hashtag" satisfies MessageKey)
    .optional()
    .transform((s) => (s ? `#${s}` : null)),
);

export const campaignSchema = z
  .object({
    name: requiredText(120),
    goal: z.enum(CAMPAIGN_GOALS, { error: "validation.choice" satisfies MessageKey }).default("CONVERSION"),
    startsOn: requiredDate,
    endsOn: optionalDate,
    budget: optionalDecimalField({ allowZero: true }),
    hashtag: hashtagField,
  })
  .refine((c) => !c.endsOn || c.endsOn >= c.startsOn, {
    path: ["endsOn"],
    message: "validation.dateRange" satisfies MessageKey,
  });

export type CampaignInput = z.output<typeof campaignSchema>;
