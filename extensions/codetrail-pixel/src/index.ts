import { register } from "@shopify/web-pixels-extension";
import { handleCheckoutCompleted, handlePageViewed, type FetchLike } from "./events";

// CodeTrail's web pixel (strict sandbox). All logic lives in ./events (pure, tested); this file
// only wires Shopify's events to it.
register(({ analytics, browser, init, settings }) => {
  const deps = {
    shop: init.data.shop.myshopifyDomain,
    endpoint: typeof settings.endpoint === "string" ? settings.endpoint : "",
    store: browser.sessionStorage,
    fetch: fetch as unknown as FetchLike,
    random: (n: number) => crypto.getRandomValues(new Uint8Array(n)),
  };

  analytics.subscribe("page_viewed", (event) => {
    void handlePageViewed(deps, event.context?.document?.location?.href);
  });

  analytics.subscribe("checkout_completed", (event) => {
    void handleCheckoutCompleted(deps, event.data?.checkout);
  });
});
