/**
 * Where the app answers the survey: SHOPIFY_APP_URL of the deployed app. Set it before
 * `shopify app deploy` (README, "Enabling the post-purchase survey"); the extension's network
 * access only reaches this origin.
 */
export const APP_URL = "https://codetrail.example.com";
