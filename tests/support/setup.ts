import { afterEach, vi, type MockInstance } from "vitest";

/**
 * Console hygiene, the Epic Stack's habit: a console.error or console.warn that the test did not
 * expect fails the test that caused it. The app's own logger writes its warnings and errors to the
 * console under the test runner (app/lib/logger.server.ts), so they count too.
 *
 * A test that expects one says so with `expectConsole("warn")` and asserts what was written;
 * an expectation that is never met fails the test as well, so nothing is silenced by accident.
 */
type Level = "error" | "warn";

const unexpected: string[] = [];
const expected = new Map<Level, MockInstance>();

function recorded(level: Level, original: (...args: unknown[]) => void) {
  return (...args: unknown[]) => {
    unexpected.push(`console.${level}: ${args.map(String).join(" ")}`);
    original(...args);
  };
}
console.error = recorded("error", console.error.bind(console));
console.warn = recorded("warn", console.warn.bind(console));

/** Declares that this test writes to console.<level>; returns the spy to assert on. */
export function expectConsole(level: Level): MockInstance {
  const spy = expected.get(level) ?? vi.spyOn(console, level).mockImplementation(() => {});
  expected.set(level, spy);
  return spy;
}

/**
 * Takes console.<level> output for the test to assert itself, for tests where it may or may not
 * come (say, a warning for each rejected webhook among many deliveries): what it did not assert,
 * nobody did, so the assertion belongs in the same test or its file's afterEach.
 */
export function captureConsole(level: Level): MockInstance {
  return vi.spyOn(console, level).mockImplementation(() => {});
}

afterEach(() => {
  const unmet = [...expected].filter(([, spy]) => spy.mock.calls.length === 0).map(([level]) => level);
  expected.clear();
  vi.restoreAllMocks();
  const problems = unexpected.splice(0);
  if (problems.length) throw new Error(`Unexpected console output during the test:\n${problems.join("\n")}`);
  if (unmet.length) throw new Error(`The test expected console.${unmet.join(" and console.")} output, and none came.`);
});
