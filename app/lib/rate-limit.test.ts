import { describe, expect, it } from "vitest";
import { manualClock } from "./clock";
import { TokenBucketLimiter } from "./rate-limit";

describe("token bucket", () => {
  it("allows a burst of capacity, refuses the next, refills over time, per key", () => {
    const clock = manualClock(1_000_000);
    const limiter = new TokenBucketLimiter({ capacity: 3, refillPerSecond: 1, clock });
    expect([1, 2, 3, 4].map(() => limiter.take("a"))).toEqual([true, true, true, false]);
    expect(limiter.take("b")).toBe(true);
    clock.advance(999);
    expect(limiter.take("a")).toBe(false);
    clock.advance(1001);
    expect(limiter.take("a")).toBe(true);
  });

  it("never refills from a clock that goes backwards", () => {
    const clock = manualClock(5_000);
    const limiter = new TokenBucketLimiter({ capacity: 1, refillPerSecond: 1, clock });
    expect(limiter.take("a")).toBe(true);
    clock.set(0);
    expect(limiter.take("a")).toBe(false);
  });

  it("keeps a bounded number of keys", () => {
    const limiter = new TokenBucketLimiter({ capacity: 1, refillPerSecond: 0, maxKeys: 2, clock: manualClock() });
    limiter.take("a");
    limiter.take("b");
    limiter.take("c");
    // "a" was dropped: it starts full again.
    expect(limiter.take("a")).toBe(true);
  });
});
