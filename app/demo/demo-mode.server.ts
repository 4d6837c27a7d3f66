import type { Env } from "../lib/env";
/**
 * Demo mode: a full CodeTrail for one made-up shop, with no Shopify account, on the embedded
 * database and the local Admin API emulator. It must never switch on by accident in production,
 * so it needs an explicit flag and refuses to run with NODE_ENV=production.
 */
export const DEMO_SHOP_DOMAIN = "demo-store.myshopify.com";
export const DEMO_FLAG = "CODETRAIL_DEMO";

export class DemoModeRefused extends Error {}

export function assertDemoModeAllowed(env: Env = process.env) {
  if (env[DEMO_FLAG] === "1" && env.NODE_ENV === "production") {
    throw new DemoModeRefused(
      `${DEMO_FLAG}=1 is refused when NODE_ENV=production: demo mode skips Shopify authentication ` +
        "for the demo shop and must never run in production.",
    );
  }
}

export function isDemoMode(env: Env = process.env): boolean {
  if (env[DEMO_FLAG] !== "1") return false;
  assertDemoModeAllowed(env);
  return true;
}

/** Demo only: the port of the demo's own SMTP server on 127.0.0.1 (SMTP_DEMO_PORT, default 2525). */
export function demoSmtpPort(env: Env = process.env): number {
  const port = Number(env.SMTP_DEMO_PORT || 2525);
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : 2525;
}
