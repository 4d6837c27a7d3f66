import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRevalidator, useRouteError } from "@remix-run/react";
import { AppProvider } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { useEffect } from "react";
import { IntlProvider } from "react-intl";
import { FALLBACK_LOCALE, resolveLocale } from "../../i18n/locales";
import { messagesFor } from "../../i18n/messages";
import { polarisTranslations } from "../../i18n/polaris";
import { useT } from "../../i18n/use-i18n";
import { appConfig } from "../../config.server";
import { clientAddress, TokenBucketLimiter } from "../../lib/rate-limit";
import { portalFigures, resolvePortalToken } from "../../models/portal.server";
import { shareableLink } from "../../services/discount-codes.server";
import { shortLink } from "../../lib/tracking-links";
import { PortalContent } from "./components";

/**
 * The influencer's public page (/portal/<token>): no Shopify login; the secret token is the only
 * key. Shows the influencer's own codes, links, orders, sales and commission from the rollups;
 * never customers, never other influencers. Unknown and revoked tokens get the same 404.
 */

// In-process token buckets (docs/decisions/008 and 019), keyed by client (app/lib/rate-limit.ts's
// clientAddress: the socket's peer, or what TRUSTED_PROXIES vouches for), never globally:
// - every request from a client (60 at once, 1 a second; a page refreshing every 5 s uses 0.2);
// - unknown or revoked tokens from a client (20 at once, one more every 30 s): a client guessing
//   links is throttled on its own, other clients' links keep working;
// - every request for one token (only those who hold the link can spend its bucket).
const perClient = new TokenBucketLimiter({ capacity: 60, refillPerSecond: 1 });
const missesPerClient = new TokenBucketLimiter({ capacity: 20, refillPerSecond: 1 / 30 });
const perToken = new TokenBucketLimiter({ capacity: 120, refillPerSecond: 1 });

/** For tests: empties the portal's buckets. */
export function resetPortalLimits() {
  for (const limiter of [perClient, missesPerClient, perToken]) limiter.reset();
}

export const PORTAL_REFRESH_MS = 5_000;

const PRIVATE_HEADERS = {
  "Cache-Control": "private, no-store",
  "Referrer-Policy": "no-referrer",
  "X-Robots-Tag": "noindex, nofollow",
};

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const meta: MetaFunction = () => [{ title: "CodeTrail" }, { name: "robots", content: "noindex, nofollow" }];

function notFound(): never {
  throw new Response("Not Found", { status: 404, statusText: "Not Found", headers: PRIVATE_HEADERS });
}

function tooMany(): never {
  throw new Response("Too Many Requests", { status: 429, headers: { ...PRIVATE_HEADERS, "Retry-After": "30" } });
}

const PORTAL_PREFIXES = ["portal.", "codeui.copy", "format.", "commission.term."];

export const loader = async ({ request, params, context }: LoaderFunctionArgs) => {
  const token = (params.token ?? "").slice(0, 200);
  const client = clientAddress(request, context);
  if (!missesPerClient.has(client) || !perClient.take(client) || !perToken.take(token)) tooMany();
  const access = await resolvePortalToken(token);
  if (!access) {
    missesPerClient.take(client);
    notFound();
  }
  const { shop, influencer } = access;
  const figures = await portalFigures(shop, influencer.id);
  // The language the influencer chose on the page (and is remembered for this link), else theirs as
  // the owner set it, else the store's.
  const url = new URL(request.url);
  const asked = resolveLocale(url.searchParams.get("locale"));
  const resolved =
    asked ??
    resolveLocale(rememberedLanguage(request.headers.get("Cookie"))) ??
    resolveLocale(influencer.language) ??
    resolveLocale(shop.primaryLocale) ??
    FALLBACK_LOCALE;
  const all = messagesFor(resolved.language);
  const messages = Object.fromEntries(
    Object.entries(all).filter(([key]) => PORTAL_PREFIXES.some((p) => key.startsWith(p))),
  );
  const appUrl = appConfig().appUrl;
  return data(
    {
      locale: resolved.locale,
      language: resolved.language,
      dir: resolved.dir,
      messages,
      shopName: shop.name,
      currency: shop.currencyCode,
      influencerName: influencer.name,
      ...figures,
      codes: figures.codes.map((c) => ({ ...c, link: c.shareable ? shareableLink(shop.domain, c.code) : null })),
      links: figures.links.map((l) => ({ ...l, shortUrl: shortLink(appUrl, l.slug) })),
    },
    { headers: asked ? { ...PRIVATE_HEADERS, "Set-Cookie": rememberLanguage(asked.language, url) } : PRIVATE_HEADERS },
  );
};

const LANGUAGE_COOKIE = "ct_portal_language";

function rememberedLanguage(cookieHeader: string | null): string | null {
  const match = cookieHeader?.match(new RegExp(`(?:^|;\\s*)${LANGUAGE_COOKIE}=([a-z]{2})(?:;|$)`));
  return match?.[1] ?? null;
}

/**
 * The choice, for a year, for portal pages in this browser; nothing else is stored. Its path is
 * /portal, not the page's own: the page's refreshes fetch /portal/<token>.data, which a cookie on
 * /portal/<token> would not reach (the page turned back to the other language after 5 s).
 */
function rememberLanguage(language: string, url: URL): string {
  const secure = url.protocol === "https:" ? "; Secure" : "";
  return `${LANGUAGE_COOKIE}=${language}; Path=/portal; Max-Age=31536000; SameSite=Lax; HttpOnly${secure}`;
}

export const headers: HeadersFunction = ({ loaderHeaders, errorHeaders }) => errorHeaders ?? loaderHeaders;

export default function PortalPage() {
  const { locale, dir, messages } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, PORTAL_REFRESH_MS);
    return () => clearInterval(timer);
  }, [revalidator]);
  return (
    <IntlProvider locale={locale} messages={messages} defaultLocale="en">
      <AppProvider i18n={polarisTranslations(locale)}>
        <div dir={dir} lang={locale}>
          <PortalContent />
        </div>
      </AppProvider>
    </IntlProvider>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = t(status === 404 ? "portal.notFound" : status === 429 ? "portal.tooMany" : "portal.error");
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", padding: "3rem", textAlign: "center" }}>
      <h1>{status}</h1>
      <p>{message}</p>
    </main>
  );
}
