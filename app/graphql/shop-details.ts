// The shop's identity and money/time settings, synced when the app is installed or opened.
export const SHOP_DETAILS_QUERY = `#graphql
  query ShopDetails {
    shop {
      id
      name
      myshopifyDomain
      currencyCode
      ianaTimezone
    }
  }
`;

export interface ShopDetailsResult {
  shop: {
    id: string;
    name: string;
    myshopifyDomain: string;
    currencyCode: string;
    ianaTimezone: string;
  };
}
