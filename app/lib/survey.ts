import { z } from "zod";
import { MAX_FREE_TEXT, SURVEY_CHANNELS, SURVEY_LANGUAGES } from "../../extensions/post-purchase-survey/src/survey-logic";

/**
 * What POST /survey accepts: the body extensions/post-purchase-survey builds (buildSurveyPayload).
 * Strict: an unknown field is refused, not ignored. The order id is Shopify's numeric id (may
 * exceed 2^53: kept as a string until it becomes a BigInt).
 */
export { MAX_FREE_TEXT, SURVEY_CHANNELS };
export type { SurveyChannel } from "../../extensions/post-purchase-survey/src/survey-logic";

export const MAX_SURVEY_BODY = 4096;

export const surveyPayloadSchema = z
  .strictObject({
    v: z.literal(1),
    orderId: z
      .string()
      .regex(/^[1-9]\d{0,18}$/, "orderId must be Shopify's numeric order id")
      // zod runs every check even after the pattern failed: BigInt() only on digits.
      .refine((id) => !/^\d+$/.test(id) || BigInt(id) < 2n ** 63n, "orderId is out of range"),
    channel: z.enum(SURVEY_CHANNELS),
    influencerId: z.uuid().optional(),
    freeText: z
      .string()
      .trim()
      .min(1)
      .refine((t) => Array.from(t).length <= MAX_FREE_TEXT, `freeText is longer than ${MAX_FREE_TEXT} characters`)
      .refine((t) => !Array.from(t).some((c) => c.charCodeAt(0) < 0x20 && c !== "\n" && c !== "\t"), "freeText has control characters")
      .optional(),
    locale: z.enum(SURVEY_LANGUAGES),
  })
  .refine((p) => p.channel === "influencer" || (p.influencerId === undefined && p.freeText === undefined), {
    message: "influencerId and freeText only go with the influencer channel",
  });

export type SurveyPayload = z.infer<typeof surveyPayloadSchema>;

/** A zod error as one line for a 400's reason. */
export function issueText(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}
