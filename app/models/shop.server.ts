import prisma from "../db.server";

export type ShopRecord = NonNullable<Awaited<ReturnType<typeof findShop>>>;

export function findShop(domain: string) {
  return prisma.shop.findUnique({ where: { domain } });
}

export interface ShopSettings {
  name: string;
  currencyCode: string;
  ianaTimezone: string;
}

/** Creates the shop on first sight (install) or refreshes its settings; clears an uninstall. */
export function upsertShop(domain: string, settings: ShopSettings) {
  return prisma.shop.upsert({
    where: { domain },
    create: { domain, ...settings },
    update: { ...settings, uninstalledAt: null },
  });
}

/** A shop known only by its domain so far (before the Admin API has described it). */
export async function ensureShop(domain: string) {
  return (
    (await findShop(domain)) ??
    prisma.shop.upsert({ where: { domain }, create: { domain, name: domain }, update: {} })
  );
}

export function markShopUninstalled(domain: string) {
  return prisma.shop.updateMany({ where: { domain }, data: { uninstalledAt: new Date() } });
}
