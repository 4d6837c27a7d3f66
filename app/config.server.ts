import type { Env } from "./lib/env";
import { z } from "zod";
import { createHash } from "node:crypto";
import { demoSmtpPort, isDemoMode } from "./demo/demo-mode.server";

const DEFAULT_SCOPES = "read_orders,read_customers,write_discounts,write_pixels,read_customer_events,write_store_credit_account_transactions,read_store_credit_accounts,write_gift_cards";

const EnvSchema = z.object({
  SHOPIFY_API_KEY: z.string().min(1),
  SHOPIFY_API_SECRET: z.string().min(1),
  SHOPIFY_APP_URL: z.url(),
  SCOPES: z.string().default(DEFAULT_SCOPES),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
});

/*
 * Where the deployment's configuration is put together (decision 023): the environment, plus the
 * demo's stand-ins when CODETRAIL_DEMO=1. app/lib and app/models never look at the demo flag: what
 * differs is passed to them from here (the encryption key's fallback, the portal links' secret).
 */

/**
 * The app's settings from the environment, checked once. In demo mode the Shopify credentials
 * get local defaults (the webhook secret stays overridable: the tests and benchmarks sign with it).
 */
export function appConfig(env: Env = process.env) {
  const demo = isDemoMode(env);
  const port = env.PORT || "3000";
  const parsed = EnvSchema.safeParse({
    SHOPIFY_API_KEY: env.SHOPIFY_API_KEY || (demo ? "demo-api-key" : undefined),
    SHOPIFY_API_SECRET: env.SHOPIFY_API_SECRET || (demo ? "demo-secret" : undefined),
    SHOPIFY_APP_URL: env.SHOPIFY_APP_URL || (demo ? `http://localhost:${port}` : undefined),
    SCOPES: env.SCOPES || undefined,
    SHOP_CUSTOM_DOMAIN: env.SHOP_CUSTOM_DOMAIN || undefined,
  });
  if (!parsed.success) {
    const missing = parsed.error.issues.map((i) => i.path.join(".")).join(", ");
    throw new Error(
      `CodeTrail is not configured: ${missing}. Set them (see README, "Environment variables"), ` +
        "or run `npm run demo` for the self-contained demo.",
    );
  }
  const e = parsed.data;
  return {
    demo,
    apiKey: e.SHOPIFY_API_KEY,
    apiSecret: e.SHOPIFY_API_SECRET,
    appUrl: e.SHOPIFY_APP_URL,
    scopes: e.SCOPES.split(",").map((s) => s.trim()).filter(Boolean),
    customShopDomains: e.SHOP_CUSTOM_DOMAIN ? [e.SHOP_CUSTOM_DOMAIN] : undefined,
  };
}

/**
 * Where connections to the merchant's SMTP server may go (app/services/outbound.server.ts): public
 * addresses only, unless SMTP_ALLOW_PRIVATE_HOSTS=1 (self-hosting with a mail server on a private
 * network or this machine); in demo mode also the demo's own mail server, 127.0.0.1:SMTP_DEMO_PORT.
 */
export function smtpOutboundPolicy(env: Env = process.env) {
  const port = demoSmtpPort(env);
  return {
    allowPrivateHosts: env.SMTP_ALLOW_PRIVATE_HOSTS === "1",
    allowed: isDemoMode(env) ? [{ host: "127.0.0.1", port }, { host: "localhost", port }] : [],
  };
}

// The demo's fixed, public key for sealing the demo shop's SMTP password (nothing secret in it).
const DEMO_ENCRYPTION_KEY = createHash("sha256").update("codetrail-demo-encryption-key-not-secret").digest();

/** The key secrets are sealed with when CODETRAIL_ENCRYPTION_KEY is unset: the demo's, else none. */
export function encryptionKeyFallback(env: Env = process.env): Buffer | null {
  return isDemoMode(env) ? DEMO_ENCRYPTION_KEY : null;
}

/** The secret portal links are sealed with: CODETRAIL_PORTAL_KEY, else the app's API secret. */
export function portalSecret(env: Env = process.env): string {
  return env.CODETRAIL_PORTAL_KEY || appConfig(env).apiSecret;
}
