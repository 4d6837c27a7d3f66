import type { EmulatedShopSettings } from "./admin-emulator/resolvers.server";
import { DEMO_SHOP_DOMAIN } from "./demo-mode.server";

/** The made-up store behind demo mode, as its Admin API describes it. */
export const DEMO_SHOP: EmulatedShopSettings = {
  id: "90000000001",
  domain: DEMO_SHOP_DOMAIN,
  name: "Northwind Apparel (demo)",
  currencyCode: "USD",
  ianaTimezone: "America/New_York",
};
