/**
 * A token bucket per key, in this process's memory: `capacity` requests at once, refilled at
 * `refillPerSecond`. Good for one app process; with several instances each keeps its own buckets,
 * so the effective limit multiplies by the instance count: put the buckets in a shared store
 * (Redis, or PostgreSQL) when running more than one (docs/decisions/008-influencer-portal-and-tracking.md).
 */
import { systemClock, type Clock } from "./clock";

export interface TokenBucketOptions {
  capacity: number;
  refillPerSecond: number;
  /** Most keys kept; the least recently used bucket is dropped beyond (bounded memory). */
  maxKeys?: number;
  /** Where refills read the time (default: the system clock). */
  clock?: Clock;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxKeys: number;
  private readonly clock: Clock;

  constructor(private readonly options: TokenBucketOptions) {
    this.maxKeys = options.maxKeys ?? 10_000;
    this.clock = options.clock ?? systemClock;
  }

  /** Takes one token for `key`; false when the bucket is empty (the caller answers 429). */
  take(key: string): boolean {
    const now = this.clock.now();
    const { capacity, refillPerSecond } = this.options;
    const found = this.buckets.get(key);
    const bucket = found ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * refillPerSecond);
    bucket.at = now;
    // Re-insert: Map order is the LRU order.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  reset() {
    this.buckets.clear();
  }
}

/**
 * The client address for rate limiting only (never stored): the first X-Forwarded-For hop set by
 * the proxy in front of the app, else "unknown" (all such clients share one bucket).
 */
export function clientAddress(request: Request): string {
  const forwarded = request.headers.get("X-Forwarded-For")?.split(",")[0]?.trim();
  return forwarded || request.headers.get("X-Real-IP")?.trim() || "unknown";
}
