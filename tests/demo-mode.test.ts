import { describe, expect, it } from "vitest";
import { assertDemoModeAllowed, DemoModeRefused, isDemoMode } from "../app/demo/demo-mode.server";
import { resolveDatabaseTarget } from "../app/db/adapter.server";
import { appConfig } from "../app/config.server";

describe("demo mode", () => {
  it("is off unless explicitly flagged", () => {
    expect(isDemoMode({})).toBe(false);
    expect(isDemoMode({ CODETRAIL_DEMO: "true" })).toBe(false);
    expect(isDemoMode({ CODETRAIL_DEMO: "1", NODE_ENV: "development" })).toBe(true);
  });

  it("refuses to run with NODE_ENV=production", () => {
    const env = { CODETRAIL_DEMO: "1", NODE_ENV: "production" };
    expect(() => isDemoMode(env)).toThrow(DemoModeRefused);
    expect(() => assertDemoModeAllowed(env)).toThrow(/never run in production/);
  });

  it("gives local Shopify settings in demo mode only", () => {
    expect(appConfig({ CODETRAIL_DEMO: "1", PORT: "4100" })).toMatchObject({
      demo: true,
      apiSecret: "demo-secret",
      appUrl: "http://localhost:4100",
    });
    expect(() => appConfig({})).toThrow(/SHOPIFY_API_KEY.*SHOPIFY_API_SECRET.*SHOPIFY_APP_URL/);
  });
});

describe("database choice", () => {
  it("uses PostgreSQL for a postgres URL and PGlite otherwise", () => {
    expect(resolveDatabaseTarget({ DATABASE_URL: "postgresql://u@h:5432/db" })).toEqual({
      kind: "postgres",
      url: "postgresql://u@h:5432/db",
    });
    expect(resolveDatabaseTarget({ DATA_DIR: "/srv/ct" })).toEqual({ kind: "pglite", dataDir: "/srv/ct/pglite" });
    expect(resolveDatabaseTarget({ DATABASE_URL: "pglite:memory" })).toEqual({ kind: "pglite", dataDir: undefined });
  });

  it("rejects a DATABASE_URL it cannot use, with a clear message", () => {
    expect(() => resolveDatabaseTarget({ DATABASE_URL: "mysql://x" })).toThrow(/postgres:\/\/ URL or pglite:<dir>/);
  });
});
