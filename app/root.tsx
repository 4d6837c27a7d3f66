import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { IntlProvider } from "react-intl";
import { i18nPayload, localeCookie, localeFromRequest } from "./i18n/i18n.server";

// Every page has a title: this one, refined in the browser from the page's heading (app.tsx).
export const meta: MetaFunction = () => [{ title: "CodeTrail" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { resolved, fromQuery } = await localeFromRequest(request);
  const headers = fromQuery ? { "Set-Cookie": await localeCookie.serialize(resolved.locale) } : undefined;
  return data(i18nPayload(resolved), { headers });
};

// The language only changes when a new `locale` parameter arrives (Shopify adds it when the admin
// loads the app; the demo's switch sets it). Other navigations keep the loaded messages.
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl }) => {
  const next = nextUrl.searchParams.get("locale");
  return next !== null && next !== currentUrl.searchParams.get("locale");
};

// Inside the Shopify admin the app is a cross-site frame. Where third-party cookies are blocked
// (Chrome's default in incognito windows), merely reading window.sessionStorage or localStorage
// throws, and Remix needs sessionStorage to discover routes and restore scroll positions: every
// navigation would fail. Such a page gets an in-memory store instead (kept until it reloads).
const STORAGE_FALLBACK = `(function () {
  ["sessionStorage", "localStorage"].forEach(function (name) {
    try { if (window[name]) return; } catch (blocked) {}
    var data = new Map();
    var store = {
      get length() { return data.size; },
      key: function (i) { var keys = Array.from(data.keys()); return i < keys.length ? keys[i] : null; },
      getItem: function (k) { return data.has(String(k)) ? data.get(String(k)) : null; },
      setItem: function (k, v) { data.set(String(k), String(v)); },
      removeItem: function (k) { data.delete(String(k)); },
      clear: function () { data.clear(); }
    };
    Object.defineProperty(window, name, { configurable: true, enumerable: true, value: store });
  });
})();`;

export default function App() {
  const { locale, dir, messages } = useLoaderData<typeof loader>();
  return (
    <html lang={locale} dir={dir}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <script dangerouslySetInnerHTML={{ __html: STORAGE_FALLBACK }} />
        <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
        <Meta />
        <Links />
      </head>
      <body>
        <IntlProvider locale={locale} messages={messages} defaultLocale="en">
          <Outlet />
        </IntlProvider>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}
