import prisma from "../db.server";
import {
  WEB_PIXEL_CREATE_MUTATION,
  WEB_PIXEL_QUERY,
  WEB_PIXEL_UPDATE_MUTATION,
  type WebPixelCreateResult,
  type WebPixelResult,
  type WebPixelUpdateResult,
} from "../graphql/web-pixel-create";
import { AdminApiError, adminQuery, type AdminGraphqlClient } from "./admin-client.server";

/** The settings the pixel gets (extensions/codetrail-pixel/shopify.extension.toml [settings]). */
export function pixelSettings(appUrl: string) {
  return { endpoint: `${appUrl.replace(/\/+$/, "")}/pixel/events` };
}

export type ActivationResult = { ok: true; id: string } | { ok: false; error: string };

/**
 * Activates the web pixel for the shop after install (webPixelCreate), or updates its settings when
 * it already exists (Shopify allows one pixel per app and shop). Stores the id on the shop.
 * - A stored id that is gone (the merchant removed the pixel, or Shopify removed it with an
 *   uninstall) fails the update, as a user error or a GraphQL error: the pixel is created again.
 * - A create answered TAKEN (the shop has the app's pixel under an id CodeTrail lost) updates that
 *   pixel, found with the `webPixel` query.
 */
export async function activateWebPixel(admin: AdminGraphqlClient, shop: { id: string; webPixelId: string | null }, appUrl: string): Promise<ActivationResult> {
  const settings = JSON.stringify(pixelSettings(appUrl));
  if (shop.webPixelId) {
    const updated = await updatePixel(admin, shop.webPixelId, settings);
    if (updated.ok) return updated;
  }
  const { webPixelCreate } = await adminQuery<WebPixelCreateResult>(admin, WEB_PIXEL_CREATE_MUTATION, { webPixel: { settings } });
  let result: ActivationResult = webPixelCreate.webPixel
    ? { ok: true, id: webPixelCreate.webPixel.id }
    : { ok: false, error: webPixelCreate.userErrors.map((e) => e.message).join("; ") || "webPixelCreate failed" };
  if (!result.ok && webPixelCreate.userErrors.some((e) => e.code === "TAKEN")) {
    const { webPixel } = await adminQuery<WebPixelResult>(admin, WEB_PIXEL_QUERY);
    if (webPixel) result = await updatePixel(admin, webPixel.id, settings);
  }
  if (result.ok && result.id !== shop.webPixelId) {
    await prisma.shop.update({ where: { id: shop.id }, data: { webPixelId: result.id } });
  }
  return result;
}

/** webPixelUpdate; an id Shopify no longer knows is a failed result, not a thrown error. */
async function updatePixel(admin: AdminGraphqlClient, id: string, settings: string): Promise<ActivationResult> {
  try {
    const { webPixelUpdate } = await adminQuery<WebPixelUpdateResult>(admin, WEB_PIXEL_UPDATE_MUTATION, { id, webPixel: { settings } });
    if (webPixelUpdate.webPixel) return { ok: true, id: webPixelUpdate.webPixel.id };
    return { ok: false, error: webPixelUpdate.userErrors.map((e) => e.message).join("; ") || "webPixelUpdate failed" };
  } catch (error) {
    if (error instanceof AdminApiError) return { ok: false, error: error.message };
    throw error;
  }
}
