/**
 * A token bucket per key, in this process's memory: `capacity` requests at once, refilled at
 * `refillPerSecond`. Each process keeps its own buckets: with several processes or instances a
 * client's limit is that many times the configured one, on purpose (docs/decisions/019-abuse-limits-and-outbound.md
 * says why and when a shared store would be worth its cost).
 */
import { systemClock, type Clock } from "./clock";
import type { Env } from "./env";
import { canonicalAddress, inRanges, parseRange, rateLimitKey } from "./ip-address";

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

  /** The bucket's level now (refilled since it was last touched; a new key starts full). */
  private level(key: string, now: number): number {
    const { capacity, refillPerSecond } = this.options;
    const found = this.buckets.get(key);
    if (!found) return capacity;
    return Math.min(capacity, found.tokens + (Math.max(0, now - found.at) / 1000) * refillPerSecond);
  }

  /** Takes one token for `key`; false when the bucket is empty (the caller answers 429). */
  take(key: string): boolean {
    const now = this.clock.now();
    const bucket = { tokens: this.level(key, now), at: now };
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

  /** Whether `key` has a token left, without taking it. */
  has(key: string): boolean {
    return this.level(key, this.clock.now()) >= 1;
  }

  reset() {
    this.buckets.clear();
  }
}

/**
 * Which proxies in front of the app may say who the client is (TRUSTED_PROXIES):
 * - unset, empty, "0" or "none": trust none; the client is the socket's peer address;
 * - a number N: N proxies in front (e.g. 1 for one load balancer): the client is the address N
 *   hops to the left of the peer in `X-Forwarded-For` + peer (the right-most entries a proxy added);
 * - a list of addresses and CIDR ranges ("10.0.0.0/8, 192.0.2.7", "loopback"): walking from the
 *   peer leftwards, the first address not in the list.
 * Entries to the left of the trusted ones were written by the client and are never used.
 */
export type TrustedProxies = { hops: number } | { ranges: NonNullable<ReturnType<typeof parseRange>>[] };

const NAMED_RANGES: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  private: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

export class InvalidTrustedProxies extends Error {}

export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const text = (value ?? "").trim().toLowerCase();
  if (text === "" || text === "none" || text === "false") return { hops: 0 };
  if (/^\d+$/.test(text)) return { hops: Math.min(Number(text), 32) };
  const ranges = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .flatMap((entry) => NAMED_RANGES[entry] ?? [entry])
    .map((entry) => {
      const range = parseRange(entry);
      if (!range) throw new InvalidTrustedProxies(`TRUSTED_PROXIES: "${entry}" is neither a number of hops nor an address or CIDR range`);
      return range;
    });
  return { ranges };
}

/** TRUSTED_PROXIES from the environment, parsed once per value. */
let cached: { value: string | undefined; trust: TrustedProxies } | undefined;
export function trustedProxies(env: Env = process.env): TrustedProxies {
  const value = env.TRUSTED_PROXIES;
  if (!cached || cached.value !== value) cached = { value, trust: parseTrustedProxies(value) };
  return cached.trust;
}

/** The address the request came from, as the server saw it (server.mjs puts it in the load context). */
export interface PeerContext {
  peerAddress?: string;
}

/**
 * The client's address for rate limiting only (never stored), as its rate-limit key (IPv6 by /64):
 * the socket's peer unless TRUSTED_PROXIES says the peer is a proxy, then the right-most
 * `X-Forwarded-For` entry that no trusted proxy wrote. Without a peer address (a server that does
 * not pass one, e.g. the development server) the key is "unknown", shared by all such requests.
 */
export function clientAddress(request: Request, context: PeerContext | undefined, trust: TrustedProxies = trustedProxies()): string {
  const peer = context?.peerAddress ? canonicalAddress(context.peerAddress) : null;
  if (!peer) return "unknown";
  const forwarded = (request.headers.get("X-Forwarded-For") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  // Right to left: the peer, then what each proxy in turn said it saw.
  const chain = [peer, ...forwarded.reverse()];
  let index: number;
  if ("hops" in trust) index = Math.min(trust.hops, chain.length - 1);
  else {
    index = 0;
    while (index < chain.length - 1 && inRanges(chain[index], trust.ranges)) index++;
  }
  // A client-written entry that is no address is refused as a key: fall back to the last proxy's view.
  let chosen = canonicalAddress(chain[index]);
  for (let i = index - 1; chosen === null && i >= 0; i--) chosen = canonicalAddress(chain[i]);
  return rateLimitKey(chosen ?? peer);
}
