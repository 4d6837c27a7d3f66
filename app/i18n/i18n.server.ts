import { createCookie } from "@remix-run/node";
import { FALLBACK_LOCALE, resolveLocale, type ResolvedLocale } from "./locales";
import { messagesFor } from "./messages";

export const localeCookie = createCookie("codetrail_locale", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/**
 * The admin's language: the `locale` Shopify appends to the app URL when the admin opens it (and
 * the demo's language switch), then a remembered choice, then the browser's languages, then English.
 */
export async function localeFromRequest(
  request: Request,
): Promise<{ resolved: ResolvedLocale; fromQuery: boolean }> {
  const url = new URL(request.url);
  const fromQuery = resolveLocale(url.searchParams.get("locale"));
  if (fromQuery) return { resolved: fromQuery, fromQuery: true };
  const remembered = resolveLocale(await localeCookie.parse(request.headers.get("Cookie")));
  if (remembered) return { resolved: remembered, fromQuery: false };
  for (const part of (request.headers.get("Accept-Language") ?? "").split(",")) {
    const accepted = resolveLocale(part.split(";")[0]);
    if (accepted) return { resolved: accepted, fromQuery: false };
  }
  return { resolved: FALLBACK_LOCALE, fromQuery: false };
}

export function i18nPayload(resolved: ResolvedLocale) {
  return { ...resolved, messages: messagesFor(resolved.language) };
}
