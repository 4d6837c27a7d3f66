import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.e2e.test.ts"],
    environment: "node",
    setupFiles: ["tests/support/setup.ts"],
    // Generous: a page tour of the embedded admin takes about 1 min idle and 2–3 min on a busy machine.
    testTimeout: 300_000,
    hookTimeout: 420_000,
    fileParallelism: false,
  },
});
