import prisma from "../db.server";
import { backfillWindowStart, parseScopes } from "../lib/backfill-window";

/** The shop's backfill window from the scopes its offline session was granted (scoped by domain). */
export async function shopBackfillWindowStart(shop: { domain: string }, now: Date): Promise<Date | null> {
  const session = await prisma.session.findFirst({ where: { shop: shop.domain, isOnline: false }, select: { scope: true } });
  return backfillWindowStart(now, parseScopes(session?.scope));
}
