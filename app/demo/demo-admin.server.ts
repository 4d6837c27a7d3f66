import prisma from "../db.server";
import type { AdminGraphqlClient } from "../services/admin-client.server";
import { createAdminEmulator } from "./admin-emulator/emulator.server";
import { DEMO_SHOP } from "./demo-store.server";

let demoAdmin: ReturnType<typeof createAdminEmulator> | undefined;

/** The Admin API of the demo store: the local emulator, validated against Shopify's schema. */
export function demoAdminClient(): AdminGraphqlClient & Pick<ReturnType<typeof createAdminEmulator>, "bulk"> {
  demoAdmin ??= createAdminEmulator({ store: { db: prisma, shop: DEMO_SHOP } });
  return demoAdmin;
}
