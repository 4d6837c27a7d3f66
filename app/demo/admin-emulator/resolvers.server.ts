import type { Database } from "../../db.server";
import { discountResolvers } from "./discounts.server";
import { orderResolvers } from "./orders.server";
import { payoutResolvers } from "./payouts.server";
import { webPixelResolvers } from "./web-pixels.server";

/** The emulated store: its settings, and the database that keeps what the app creates in it. */
export interface EmulatorStore {
  db: Database;
  shop: EmulatedShopSettings;
}

export interface EmulatedShopSettings {
  /** Shopify's numeric shop id. */
  id: string;
  domain: string;
  name: string;
  currencyCode: string;
  ianaTimezone: string;
}

export type RootResolver = (args: Record<string, unknown>) => unknown;

/**
 * Resolvers for the root fields CodeTrail sends. Each returns plain objects in the schema's
 * shape; nested fields resolve by property name, and interface values carry `__typename`.
 */
export function createRootResolvers({ db, shop }: EmulatorStore): Record<string, RootResolver> {
  return {
    ...discountResolvers(db, shop.domain, shop.currencyCode),
    ...orderResolvers(db, shop.domain),
    ...webPixelResolvers(shop.domain),
    ...payoutResolvers(shop.domain, shop.currencyCode),
    shop() {
      return {
        id: `gid://shopify/Shop/${shop.id}`,
        name: shop.name,
        myshopifyDomain: shop.domain,
        currencyCode: shop.currencyCode,
        ianaTimezone: shop.ianaTimezone,
        primaryDomain: { host: shop.domain, url: `https://${shop.domain}` },
      };
    },
  };
}
