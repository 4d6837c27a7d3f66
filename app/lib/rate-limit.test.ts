import { describe, expect, it } from "vitest";
import { TokenBucketLimiter } from "./rate-limit";

describe("token bucket", () => {
  it("allows a burst of capacity, refuses the next, refills over time, per key", () => {
    const limiter = new TokenBucketLimiter({ capacity: 3, refillPerSecond: 1 });
    const t = 1_000_000;
    expect([1, 2, 3, 4].map(() => limiter.take("a", t))).toEqual([true, true, true, false]);
    expect(limiter.take("b", t)).toBe(true);
    expect(limiter.take("a", t + 999)).toBe(false);
    expect(limiter.take("a", t + 2000)).toBe(true);
  });

  it("keeps a bounded number of keys", () => {
    const limiter = new TokenBucketLimiter({ capacity: 1, refillPerSecond: 0, maxKeys: 2 });
    limiter.take("a", 0);
    limiter.take("b", 0);
    limiter.take("c", 0);
    // "a" was dropped: it starts full again.
    expect(limiter.take("a", 0)).toBe(true);
  });
});
