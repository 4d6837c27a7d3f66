import { SHOP_DETAILS_QUERY, type ShopDetailsResult } from "../graphql/shop-details";
import { upsertShop } from "../models/shop.server";
import { adminQuery, type AdminGraphqlClient } from "./admin-client.server";

/** Reads the shop's name, currency and time zone from the Admin API and stores them. */
export async function syncShopDetails(admin: AdminGraphqlClient, domain: string) {
  const { shop } = await adminQuery<ShopDetailsResult>(admin, SHOP_DETAILS_QUERY);
  if (shop.myshopifyDomain !== domain) {
    throw new Error(`Admin API answered for ${shop.myshopifyDomain}, expected ${domain}.`);
  }
  return upsertShop(domain, {
    name: shop.name,
    currencyCode: shop.currencyCode,
    ianaTimezone: shop.ianaTimezone,
  });
}
