import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["app/**/*.test.ts", "tests/**/*.test.ts", "extensions/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    environment: "node",
    setupFiles: ["tests/support/setup.ts"],
    // Each test file starts its own embedded database (or its own PostgreSQL database).
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      SHOPIFY_API_KEY: "test-api-key",
      SHOPIFY_API_SECRET: "test-secret",
      SHOPIFY_APP_URL: "http://localhost:3999",
      // Each test file installs its own database (tests/support/database.ts). Reaching the app's
      // default one (the embedded database under .data/ in the repository) is a bug: it fails
      // loudly with "DATABASE_URL must be a postgres:// URL or pglite:<dir>".
      DATABASE_URL: "tests-install-their-own-database:",
    },
  },
});
