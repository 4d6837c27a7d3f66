import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, Page } from "@shopify/polaris";
import { useT } from "../i18n/use-i18n";

/**
 * What a page shows when its loader or action fails: a plain message, never a stack trace; an
 * unknown page or record gets "not found" in the merchant's language with a way back.
 */
export function RouteErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Page title={t("error.notFound.title")}>
        <Banner tone="warning" title={t("error.notFound.title")} action={{ content: t("error.notFound.back"), url: "/app" }}>
          <p>{t("error.notFound.body")}</p>
        </Banner>
      </Page>
    );
  }
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}${typeof error.data === "string" ? `: ${error.data}` : ""}`
    : t("error.generic");
  return (
    <Page title="CodeTrail">
      <Banner tone="critical" title={t("error.title")}>
        <p>{message}</p>
      </Banner>
    </Page>
  );
}
