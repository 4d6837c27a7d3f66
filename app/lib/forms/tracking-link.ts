import { z } from "zod";
import type { Platform } from "../../generated/prisma/enums";
import type { MessageKey } from "../../i18n/messages";
import { optionalText, requiredText } from "../form-validation";

export const LINK_PLATFORMS = ["INSTAGRAM", "TIKTOK", "YOUTUBE", "FACEBOOK", "X", "BLOG", "OTHER"] as const satisfies readonly Platform[];

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);

/** The tracking link form: which code, platform, campaign (optional), content piece and store path. */
export const trackingLinkSchema = z.object({
  discountCodeId: requiredText(64),
  platform: z.enum(LINK_PLATFORMS, { error: "validation.choice" satisfies MessageKey }),
  campaignId: z.preprocess(blank, z.string().max(64).nullable().default(null)),
  content: requiredText(100),
  path: optionalText(500).transform((p) => p ?? "/").refine((p) => p.startsWith("/") && !p.startsWith("//"), "links.path.invalid" satisfies MessageKey),
});
