import prisma from "../db.server";
import {
  WEB_PIXEL_CREATE_MUTATION,
  WEB_PIXEL_UPDATE_MUTATION,
  type WebPixelCreateResult,
  type WebPixelUpdateResult,
} from "../graphql/web-pixel-create";
import { adminQuery, type AdminGraphqlClient } from "./admin-client.server";

/** The settings the pixel gets (extensions/codetrail-pixel/shopify.extension.toml [settings]). */
export function pixelSettings(appUrl: string) {
  return { endpoint: `${appUrl.replace(/\/+$/, "")}/pixel/events` };
}

export type ActivationResult = { ok: true; id: string } | { ok: false; error: string };

/**
 * Activates the web pixel for the shop after install (webPixelCreate), or updates its settings when
 * it already exists (Shopify allows one pixel per app and shop: TAKEN). Stores the id on the shop.
 */
export async function activateWebPixel(admin: AdminGraphqlClient, shop: { id: string; webPixelId: string | null }, appUrl: string): Promise<ActivationResult> {
  const settings = JSON.stringify(pixelSettings(appUrl));
  if (shop.webPixelId) {
    const { webPixelUpdate } = await adminQuery<WebPixelUpdateResult>(admin, WEB_PIXEL_UPDATE_MUTATION, {
      id: shop.webPixelId,
      webPixel: { settings },
    });
    if (webPixelUpdate.webPixel) return { ok: true, id: webPixelUpdate.webPixel.id };
    // Fall through: the stored id is gone (the merchant removed the pixel): create it again.
  }
  const { webPixelCreate } = await adminQuery<WebPixelCreateResult>(admin, WEB_PIXEL_CREATE_MUTATION, { webPixel: { settings } });
  const pixel = webPixelCreate.webPixel;
  if (!pixel) return { ok: false, error: webPixelCreate.userErrors.map((e) => e.message).join("; ") || "webPixelCreate failed" };
  await prisma.shop.update({ where: { id: shop.id }, data: { webPixelId: pixel.id } });
  return { ok: true, id: pixel.id };
}
