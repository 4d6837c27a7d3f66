import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, Page } from "@shopify/polaris";

/** What a page shows when its loader or action fails: a plain message, never a stack trace. */
export function RouteErrorBoundary() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}${typeof error.data === "string" ? `: ${error.data}` : ""}`
    : "Something went wrong while loading this page. Try again in a moment.";
  return (
    <Page title="CodeTrail">
      <Banner tone="critical" title="This page could not be shown">
        <p>{message}</p>
      </Banner>
    </Page>
  );
}
