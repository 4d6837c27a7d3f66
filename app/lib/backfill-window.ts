/**
 * How far back a backfill reaches: Shopify shows an app the last 60 days of orders unless it has
 * the `read_all_orders` scope, and then the whole history. Reconciliation's first run covers the
 * same window, so a shop's first check sees every order a backfill could have imported. Pure.
 */
export const DEFAULT_ORDER_VISIBILITY_DAYS = 60;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The window's start, or null for the whole history (read_all_orders granted). */
export function backfillWindowStart(now: Date, grantedScopes: readonly string[]): Date | null {
  if (grantedScopes.includes("read_all_orders")) return null;
  return new Date(now.getTime() - DEFAULT_ORDER_VISIBILITY_DAYS * DAY_MS);
}

/** The orders search for the window (Shopify's search syntax); "" searches every order. */
export function createdSinceSearch(from: Date | null): string {
  return from ? `created_at:>='${from.toISOString()}'` : "";
}

/** The scopes of a session's comma-separated `scope` column. */
export function parseScopes(scope: string | null | undefined): string[] {
  return (scope ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}
