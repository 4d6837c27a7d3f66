import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, Page } from "@shopify/polaris";
import { useT } from "../i18n/use-i18n";

/** What a page shows when its loader or action fails: a plain message, never a stack trace. */
export function RouteErrorBoundary() {
  const error = useRouteError();
  const t = useT();
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
