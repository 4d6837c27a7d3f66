import "@shopify/shopify-app-remix/adapters/node";
import {
  ApiVersion,
  AppDistribution,
  shopifyApp,
} from "@shopify/shopify-app-remix/server";
import { appConfig } from "./config.server";
import { syncShopDetails } from "./services/shop-sync.server";
import { activateWebPixel } from "./services/web-pixel.server";
import { log } from "./lib/logger.server";
import { LazyPrismaSessionStorage } from "./services/session-storage.server";

const ADMIN_API_VERSION = ApiVersion.October26;

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

// Webhooks are verified without this library (app/services/webhook-ingest.server.ts, decision 012).
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
// For the login page (app/routes/auth.login).
export const login = shopify.login;
// The lazily built session storage (tests/startup.test.ts checks nothing opens at import).
export const sessionStorage = shopify.sessionStorage;
