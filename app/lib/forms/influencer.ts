import { SUPPORTED_LANGUAGES } from "../../i18n/locales";
import { z } from "zod";
import type { InfluencerStatus, Platform } from "../../generated/prisma/enums";
import type { MessageKey } from "../../i18n/messages";
import { optionalEmail, optionalText, requiredText } from "../form-validation";

export const PLATFORMS = ["INSTAGRAM", "TIKTOK", "YOUTUBE", "FACEBOOK", "X", "BLOG", "OTHER"] as const satisfies readonly Platform[];
export const INFLUENCER_STATUSES = ["ACTIVE", "PAUSED", "ARCHIVED"] as const satisfies readonly InfluencerStatus[];

/** "@jane.p " → "jane.p"; blogs and "other" may be a URL, so only whitespace is refused. */
const handleField = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().replace(/^@+/, "") : v),
  z
    .string()
    .max(200, "validation.tooLong" satisfies MessageKey)
    .refine((s) => !/\s/.test(s), "validation.handle.invalid" satisfies MessageKey)
    .optional()
    .transform((s) => (s ? s : null)),
);

const handleFields = Object.fromEntries(PLATFORMS.map((p) => [`handle.${p}`, handleField])) as Record<
  `handle.${Platform}`,
  typeof handleField
>;

/** The influencer form: profile fields plus one handle field per platform ("handle.INSTAGRAM"). */
export const influencerSchema = z
  .object({
    name: requiredText(120),
    email: optionalEmail,
    notes: optionalText(4000),
    status: z.enum(INFLUENCER_STATUSES, { error: "validation.choice" satisfies MessageKey }).default("ACTIVE"),
    // Blank: the store's language.
    language: z.preprocess(
      (v) => (v === undefined || v === null || v === "" ? null : v),
      z.enum(SUPPORTED_LANGUAGES, { error: "validation.choice" satisfies MessageKey }).nullable(),
    ),
    ...handleFields,
  })
  .transform(({ name, email, notes, status, language, ...rest }) => ({
    name,
    email,
    notes,
    status,
    language,
    handles: PLATFORMS.flatMap((platform) => {
      const handle = rest[`handle.${platform}`];
      return handle ? [{ platform, handle }] : [];
    }),
  }));

export type InfluencerInput = z.output<typeof influencerSchema>;

export const bulkStatusSchema = z.object({
  status: z.enum(INFLUENCER_STATUSES, { error: "validation.choice" satisfies MessageKey }),
  ids: z.array(z.string().min(1).max(64)).min(1, "validation.selection" satisfies MessageKey).max(1000),
});
