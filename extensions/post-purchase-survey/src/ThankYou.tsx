import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { Survey } from "./Survey";

declare const shopify: import("@shopify/ui-extensions/purchase.thank-you.block.render").Api;

/** purchase.thank-you.block.render: the survey under the order confirmation. */
export default function extension() {
  render(
    <Survey
      host={{
        orderGid: shopify.orderConfirmation.value?.order.id ?? null,
        languageIsoCode: shopify.localization.language.value.isoCode,
        getToken: () => shopify.sessionToken.get(),
        storage: shopify.storage,
      }}
    />,
    document.body,
  );
}
