import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { Survey } from "./Survey";

declare const shopify: import("@shopify/ui-extensions/customer-account.order-status.block.render").Api;

/** customer-account.order-status.block.render: the same survey on the order's status page. */
export default function extension() {
  render(
    <Survey
      host={{
        orderGid: shopify.order.value?.id ?? null,
        languageIsoCode: shopify.localization.language.value.isoCode,
        getToken: () => shopify.sessionToken.get(),
        storage: shopify.storage,
      }}
    />,
    document.body,
  );
}
