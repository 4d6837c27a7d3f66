import { z } from "zod";

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
  z.strictObject({
    ...base,
    kind: z.literal("checkout_completed"),
    codes: z.array(z.string().trim().min(1).max(100)).min(1).max(10),
  }),
]);

export type PixelPayload = z.infer<typeof pixelPayloadSchema>;

/** Bodies larger than this are refused before parsing. */
export const MAX_PIXEL_BODY = 2048;
