import { DEMO_SHOP_DOMAIN, isDemoMode } from "../demo/demo-mode.server";
import { demoAdminClient } from "../demo/demo-admin.server";
import { ensureShop, findShop, type ShopRecord } from "../models/shop.server";
import { authenticate, unauthenticated } from "../shopify.server";
import type { AdminGraphqlClient } from "./admin-client.server";

export interface AdminContext {
  shop: ShopRecord;
  admin: AdminGraphqlClient;
  demo: boolean;
}

/**
 * Every admin route starts here. Real shops go through Shopify's embedded authentication (session
 * token, token exchange). In demo mode, and for the demo shop only, authentication is skipped and
 * Admin API calls go to the emulator.
 */
export async function requireAdmin(request: Request): Promise<AdminContext> {
  const requestedShop = new URL(request.url).searchParams.get("shop");
  if (isDemoMode() && (!requestedShop || requestedShop === DEMO_SHOP_DOMAIN)) {
    const shop = await findShop(DEMO_SHOP_DOMAIN);
    if (!shop) {
      throw new Response("The demo store has not been seeded. Run `npm run demo`.", { status: 503 });
    }
    return { shop, admin: demoAdminClient(), demo: true };
  }
  const { admin, session } = await authenticate.admin(request);
  return { shop: await ensureShop(session.shop), admin, demo: false };
}

/**
 * The Admin API for work outside a request (background jobs): the shop's offline session, or the
 * emulator for the demo shop in demo mode.
 */
export async function adminForShop(shop: ShopRecord): Promise<AdminGraphqlClient> {
  if (isDemoMode() && shop.domain === DEMO_SHOP_DOMAIN) return demoAdminClient();
  const { admin } = await unauthenticated.admin(shop.domain);
  return admin;
}
