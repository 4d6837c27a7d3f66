import pino from "pino";

const underTestRunner = Boolean(process.env.VITEST);

/**
 * Under the test runner, warnings and errors go to the console, where an unexpected one fails the
 * test that caused it (tests/support/setup.ts); lower levels stay silent: tests assert outcomes.
 */
const consoleForTests: pino.DestinationStream = {
  write(line: string) {
    const { level } = JSON.parse(line) as { level: number };
    if (level >= pino.levels.values.error) console.error(line.trimEnd());
    else console.warn(line.trimEnd());
  },
};

/**
 * Structured server logs (one JSON line per event) for the app's own operational messages.
 * LOG_LEVEL sets the level (default info; warn under the test runner).
 */
export const log = pino(
  {
    level: process.env.LOG_LEVEL ?? (underTestRunner ? "warn" : "info"),
    base: { app: "codetrail" },
    redact: ["*.password", "*.accessToken", "*.token"],
  },
  underTestRunner ? consoleForTests : undefined,
);
