import "@shopify/shopify-app-remix/adapters/node";
import {
  ApiVersion,
  AppDistribution,
  shopifyApp,
} from "@shopify/shopify-app-remix/server";
import { LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { appConfig } from "./lib/config.server";
import { syncShopDetails } from "./services/shop-sync.server";
import { activateWebPixel } from "./services/web-pixel.server";
import { log } from "./lib/logger.server";
import { LazyPrismaSessionStorage } from "./services/session-storage.server";

export const ADMIN_API_VERSION = ApiVersion.October26;

const config = appConfig();

const shopify = shopifyApp({
  apiKey: config.apiKey,
  apiSecretKey: config.apiSecret,
  apiVersion: ADMIN_API_VERSION,
  scopes: config.scopes,
  appUrl: config.appUrl,
  authPathPrefix: "/auth",
  // Built on first use: see LazyPrismaSessionStorage (no database access while importing).
  sessionStorage: new LazyPrismaSessionStorage(),
  distribution: AppDistribution.AppStore,
  // Admin requests arrive with a session token; the app exchanges it for an access token.
  hooks: {
    // Runs after token exchange on install and whenever the access token is renewed.
    afterAuth: async ({ admin, session }) => {
      const shop = await syncShopDetails(admin, session.shop);
      // The visit-tracking pixel; a failure must not block the install (retried on the next one).
      await activateWebPixel(admin, shop, config.appUrl).then(
        (result) => result.ok || log.warn({ shop: session.shop, error: result.error }, "web pixel not activated"),
        (error: unknown) => log.warn({ shop: session.shop, err: error }, "web pixel not activated"),
      );
    },
  },
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  ...(config.customShopDomains ? { customShopDomains: config.customShopDomains } : {}),
});

/**
 * Webhook HMAC and header validation alone, from the same library `authenticate.webhook` uses.
 * The ledger needs no Admin API access, and `authenticate.webhook` would also load (and possibly
 * refresh) the shop's offline session on every delivery: a database round trip, or a call to
 * Shopify, per order at Black Friday rates. See docs/decisions/012-webhook-validation.md.
 */
const webhookApi = shopifyApi({
  apiKey: config.apiKey,
  apiSecretKey: config.apiSecret,
  apiVersion: ADMIN_API_VERSION,
  scopes: config.scopes,
  hostName: new URL(config.appUrl).host,
  hostScheme: new URL(config.appUrl).protocol === "http:" ? "http" : "https",
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error },
});

export function validateWebhook(request: Request, rawBody: string) {
  return webhookApi.webhooks.validate({ rawBody, rawRequest: request });
}

export default shopify;
export const apiVersion = ADMIN_API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
