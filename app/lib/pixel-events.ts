import { z } from "zod";
import { SLUG_PATTERN } from "./tracking-links";

/**
 * The only shape the collecting endpoint (POST /pixel/events) accepts: what
 * extensions/codetrail-pixel/src/events.ts sends. Strict objects: an unknown field (an email, a
 * client id) is refused, not ignored.
 */
const text = z.string().trim().min(1).max(100).nullable();

export const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]{0,60}\.myshopify\.com$/;

const base = {
  v: z.literal(1),
  shop: z.string().regex(SHOP_DOMAIN),
  visitId: z.string().regex(/^[a-z0-9]{22}$/),
  // The tracking link the visit landed through (its slug, `ct_link`); pixels deployed before
  // decision 016 leave it out.
  link: z.string().regex(SLUG_PATTERN).nullish(),
};

export const pixelPayloadSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    ...base,
    kind: z.literal("page_viewed"),
    code: text,
    utmSource: text,
    utmMedium: text,
    utmCampaign: text,
    utmContent: text,
  }),
  z
    .strictObject({
      ...base,
      kind: z.literal("checkout_completed"),
      codes: z.array(z.string().trim().min(1).max(100)).max(10),
    })
    // A checkout says something only with an influencer code or the visit's link.
    .refine((event) => event.codes.length > 0 || Boolean(event.link), { message: "a code or a link", path: ["codes"] }),
]);

export type PixelPayload = z.infer<typeof pixelPayloadSchema>;

/** Bodies larger than this are refused before parsing. */
export const MAX_PIXEL_BODY = 2048;
