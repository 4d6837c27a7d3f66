import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import { useEffect } from "react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import tableStyles from "../styles/tables.css?url";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { AppNavigation, DemoBanner } from "../components/AppNavigation";
import { appConfig } from "../config.server";
import { requireAdmin } from "../services/admin-context.server";
import { polarisTranslations } from "../i18n/polaris";
import { useIntl } from "react-intl";

export const links = () => [
  { rel: "stylesheet", href: polarisStyles },
  { rel: "stylesheet", href: tableStyles },
];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, demo } = await requireAdmin(request);
  return { apiKey: appConfig().apiKey, demo, shopName: shop.name };
};

/** The browser tab (and history) names the page by its heading: "Influencers · CodeTrail". */
function useDocumentTitle() {
  const location = useLocation();
  useEffect(() => {
    const heading = document.querySelector("h1")?.textContent?.trim();
    document.title = heading ? `${heading} · CodeTrail` : "CodeTrail";
  }, [location]);
}

export default function App() {
  const { apiKey, demo, shopName } = useLoaderData<typeof loader>();
  useDocumentTitle();
  const { locale } = useIntl();
  const polarisI18n = polarisTranslations(locale);
  return (
    <AppProvider isEmbeddedApp={!demo} apiKey={apiKey} i18n={polarisI18n}>
      <AppNavigation embedded={!demo} shopName={shopName} />
      {demo ? <DemoBanner /> : null}
      <Outlet />
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses, so that their headers are included.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
