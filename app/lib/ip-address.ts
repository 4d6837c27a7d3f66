import ipaddr from "ipaddr.js";

/**
 * What kind of IP address a string is, with ipaddr.js's range tables (RFC 6890 and friends), for
 * the two places that decide by address: outbound connections the merchant configures (only
 * public unicast addresses, app/services/outbound.server.ts) and rate-limit keys
 * (app/lib/client-address.ts). IPv4-mapped and IPv4-compatible IPv6 addresses count as the IPv4
 * address they carry.
 */

/**
 * Cloud metadata and platform services that sit on otherwise public unicast addresses (the usual
 * ones, 169.254.169.254, fd00:ec2::254 and 100.100.100.200, are link-local, unique-local and CGNAT
 * already): Azure's WireServer.
 */
const METADATA_ADDRESSES = new Set(["168.63.129.16"]);

/** The address in its canonical form (IPv4-mapped IPv6 as IPv4, IPv6 compressed), or null. */
export function canonicalAddress(text: string): string | null {
  const bare = text.trim().replace(/^\[(.*)\]$/, "$1");
  // Zone ids (fe80::1%eth0) name an interface of this machine: never a public address.
  if (!ipaddr.isValid(bare) || bare.includes("%")) return null;
  return ipaddr.process(bare).toString();
}

/**
 * The range an address is in ("unicast" for a public one; "loopback", "private", "linkLocal",
 * "carrierGradeNat", "multicast", "unspecified", "uniqueLocal", "reserved", "6to4", "metadata", …),
 * or null when the text is not an IP address.
 */
export function addressRange(text: string): string | null {
  const canonical = canonicalAddress(text);
  if (canonical === null) return null;
  if (METADATA_ADDRESSES.has(canonical)) return "metadata";
  return ipaddr.parse(canonical).range();
}

/**
 * True only for a public unicast address. Everything else is refused: loopback, private,
 * link-local (cloud metadata), CGNAT, multicast, broadcast, unspecified, unique-local, reserved and
 * documentation ranges, and the IPv6 transition ranges (6to4, Teredo, NAT64) that can lead back
 * into an IPv4 network.
 */
export function isPublicAddress(text: string): boolean {
  return addressRange(text) === "unicast";
}

/** Whether an address is inside one of the CIDR ranges (e.g. "10.0.0.0/8", "::1/128"). */
export function inRanges(text: string, ranges: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][]): boolean {
  const canonical = canonicalAddress(text);
  if (canonical === null) return false;
  const address = ipaddr.parse(canonical);
  return ranges.some(([network, bits]) => address.kind() === network.kind() && address.match(network, bits));
}

/** Parses "10.0.0.0/8", "192.0.2.7" or "::1" into a CIDR range; null when it is neither. */
export function parseRange(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | null {
  const value = text.trim();
  try {
    if (value.includes("/")) {
      const [network, bits] = ipaddr.parseCIDR(value);
      return network.kind() === "ipv6" && (network as ipaddr.IPv6).isIPv4MappedAddress()
        ? [(network as ipaddr.IPv6).toIPv4Address(), Math.max(0, bits - 96)]
        : [network, bits];
    }
    const canonical = canonicalAddress(value);
    if (canonical === null) return null;
    const address = ipaddr.parse(canonical);
    return [address, address.kind() === "ipv4" ? 32 : 128];
  } catch {
    return null;
  }
}

/**
 * The key a rate limiter counts an address under: an IPv4 address as it is, an IPv6 address by
 * its /64 (one subscriber's network; a client rotating inside it stays one client). Text that is
 * not an address is kept as it is.
 */
export function rateLimitKey(text: string): string {
  const canonical = canonicalAddress(text);
  if (canonical === null) return text;
  const address = ipaddr.parse(canonical);
  if (address.kind() === "ipv4") return canonical;
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`;
}
