import { afterEach, vi } from "vitest";

// Console errors fail tests: an error the app logs is an error the test should have expected.
const logged: unknown[][] = [];
const original = console.error;
console.error = (...args: unknown[]) => {
  logged.push(args);
  original(...args);
};

afterEach(() => {
  vi.restoreAllMocks();
  if (logged.length) {
    const messages = logged.splice(0).map((args) => args.map(String).join(" "));
    throw new Error(`console.error was called during the test:\n${messages.join("\n")}`);
  }
});
