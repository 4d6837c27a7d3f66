import { describe, expect, it } from "vitest";
import { manualClock } from "./clock";
import { rateLimitKey } from "./ip-address";
import { clientAddress, InvalidTrustedProxies, parseTrustedProxies, TokenBucketLimiter, trustedProxies } from "./rate-limit";

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

describe("client address", () => {
  const request = (forwardedFor?: string) => new Request("http://app/portal/x", { headers: forwardedFor ? { "X-Forwarded-For": forwardedFor } : {} });

  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    const none = parseTrustedProxies(undefined);
    expect(clientAddress(request("198.51.100.1"), { peerAddress: "203.0.113.9" }, none)).toBe("203.0.113.9");
    expect(clientAddress(request(), { peerAddress: "::ffff:203.0.113.9" }, none)).toBe("203.0.113.9");
    expect(clientAddress(request("198.51.100.1"), {}, none)).toBe("unknown");
  });

  it("takes the right-most entry the trusted hops wrote, never one the client wrote", () => {
    const one = parseTrustedProxies("1");
    expect(clientAddress(request("1.2.3.4, 203.0.113.9"), { peerAddress: "10.0.0.2" }, one)).toBe("203.0.113.9");
    expect(clientAddress(request("203.0.113.9"), { peerAddress: "10.0.0.2" }, one)).toBe("203.0.113.9");
    const two = parseTrustedProxies("2");
    expect(clientAddress(request("1.2.3.4, 203.0.113.9, 10.0.0.7"), { peerAddress: "10.0.0.2" }, two)).toBe("203.0.113.9");
    // Fewer entries than hops: the left-most there is.
    expect(clientAddress(request(), { peerAddress: "10.0.0.2" }, one)).toBe("10.0.0.2");
    // Garbage where the proxy's entry should be: the proxy's own view.
    expect(clientAddress(request("1.2.3.4, not-an-address"), { peerAddress: "10.0.0.2" }, one)).toBe("10.0.0.2");
  });

  it("with a list of proxies, walks left past them to the first address that is not one", () => {
    const ranges = parseTrustedProxies("10.0.0.0/8, loopback");
    expect(clientAddress(request("1.2.3.4, 203.0.113.9, 10.1.1.1"), { peerAddress: "127.0.0.1" }, ranges)).toBe("203.0.113.9");
    // A peer that is not a trusted proxy: X-Forwarded-For is ignored.
    expect(clientAddress(request("1.2.3.4"), { peerAddress: "203.0.113.9" }, ranges)).toBe("203.0.113.9");
    expect(() => parseTrustedProxies("10.0.0.0/8, proxy.internal")).toThrow(InvalidTrustedProxies);
  });

  it("counts an IPv6 client by its /64", () => {
    const none = parseTrustedProxies("");
    expect(clientAddress(request(), { peerAddress: "2001:db8:1:2:aaaa::1" }, none)).toBe("2001:db8:1:2::/64");
    expect(clientAddress(request(), { peerAddress: "2001:db8:1:2:bbbb::9" }, none)).toBe("2001:db8:1:2::/64");
    expect(rateLimitKey("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
  });

  it("reads TRUSTED_PROXIES from the environment", () => {
    expect(trustedProxies({ TRUSTED_PROXIES: "3" })).toEqual({ hops: 3 });
    expect(trustedProxies({})).toEqual({ hops: 0 });
    expect(trustedProxies({ TRUSTED_PROXIES: "none" })).toEqual({ hops: 0 });
  });
});
