import dns from "node:dns";
import net from "node:net";
import { addressRange } from "../lib/ip-address";

/**
 * Connections to hosts the merchant configures (their SMTP server now, anything such later) go
 * only to public addresses: the host is resolved here, every address it resolves to is checked,
 * and the caller connects to the checked address itself (never the name again), so a DNS answer
 * that changes between check and connect (rebinding) cannot lead inside. Loopback, private,
 * link-local (cloud metadata), CGNAT, multicast, unspecified, reserved and unique-local addresses
 * are refused before any connection. A policy that allows private hosts (self-hosting with a mail
 * server on the same network: SMTP_ALLOW_PRIVATE_HOSTS=1), or names that exact host and port (the
 * demo's own mail server), opens loopback, private, unique-local and CGNAT addresses; cloud
 * metadata and the other special ranges stay closed.
 */

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** dns.lookup with `all: true`: what the system resolver (hosts file, DNS) answers. */
export type Lookup = (host: string) => Promise<ResolvedAddress[]>;

export interface OutboundPolicy {
  /** Connect to private and loopback addresses too (self-hosting). */
  allowPrivateHosts: boolean;
  /** Host and port pairs allowed whatever they resolve to (the demo mailbox in demo mode). */
  allowed: readonly { host: string; port: number }[];
  /** The resolver (tests inject one); default dns.promises.lookup with all: true. */
  lookup?: Lookup;
}

export type OutboundTarget =
  | { ok: true; host: string; address: string }
  | { ok: false; reason: "blocked" | "notFound" };

/**
 * What allowing private hosts opens: this machine and its private networks. Link-local (where cloud
 * metadata services answer), multicast, unspecified, reserved and transition ranges stay refused.
 */
const PRIVATE_RANGES = new Set(["loopback", "private", "uniqueLocal", "carrierGradeNat"]);

const systemLookup: Lookup = (host) => dns.promises.lookup(host, { all: true, verbatim: true });

/** The configured host without IPv6 brackets, lower case. */
export function bareHost(host: string): string {
  return host.trim().replace(/^\[(.*)\]$/, "$1").toLowerCase();
}

/**
 * Resolves `host` and decides whether it may be connected to on `port`: the address to connect to,
 * or why not. One refused address refuses the host (a name answering a public and a private
 * address would otherwise reach inside on some attempts).
 */
export async function resolveOutbound(host: string, port: number, policy: OutboundPolicy): Promise<OutboundTarget> {
  const name = bareHost(host);
  let addresses: ResolvedAddress[];
  if (net.isIP(name)) addresses = [{ address: name, family: net.isIP(name) }];
  else {
    try {
      addresses = await (policy.lookup ?? systemLookup)(name);
    } catch {
      return { ok: false, reason: "notFound" };
    }
  }
  if (addresses.length === 0) return { ok: false, reason: "notFound" };
  const exempt = policy.allowed.some((a) => bareHost(a.host) === name && a.port === port);
  const refused = addresses.some(({ address }) => {
    const range = addressRange(address);
    if (range === "unicast") return false;
    return !(range !== null && PRIVATE_RANGES.has(range) && (exempt || policy.allowPrivateHosts));
  });
  if (refused) return { ok: false, reason: "blocked" };
  return { ok: true, host: name, address: addresses[0].address };
}
