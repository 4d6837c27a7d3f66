import pino from "pino";

/**
 * Structured server logs (one JSON line per event) for the app's own operational messages.
 * LOG_LEVEL sets the level (default info; silent under the test runner, where tests assert
 * outcomes instead of reading logs).
 */
export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? "silent" : "info"),
  base: { app: "codetrail" },
  redact: ["*.password", "*.accessToken", "*.token"],
});
