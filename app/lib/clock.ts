/**
 * Where code whose result depends on the time reads it. Functions take a `now` argument where they
 * can (the caller decides, tests pass a fixed instant); long-lived objects such as rate limiters
 * take a Clock, and tests give them one they move by hand. See docs/decisions/015-time-is-an-input.md.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that stands still until the test moves it. */
export function manualClock(start = 0): Clock & { advance(ms: number): void; set(ms: number): void } {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (ms) => {
      current = ms;
    },
  };
}
