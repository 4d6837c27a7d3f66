import { describe, expect, it } from "vitest";
import { addressRange, canonicalAddress, isPublicAddress } from "./ip-address";

describe("address ranges", () => {
  it("call only public unicast addresses public, IPv4 and IPv6, mapped addresses by what they carry", () => {
    const refused = {
      "127.0.0.1": "loopback",
      "::1": "loopback",
      "[::1]": "loopback",
      "::ffff:127.0.0.1": "loopback",
      "::ffff:7f00:1": "loopback",
      "10.0.0.1": "private",
      "172.16.5.4": "private",
      "192.168.1.1": "private",
      "169.254.169.254": "linkLocal",
      "fe80::1": "linkLocal",
      "100.100.100.200": "carrierGradeNat",
      "168.63.129.16": "metadata",
      "fd00:ec2::254": "uniqueLocal",
      "0.0.0.0": "unspecified",
      "::": "unspecified",
      "224.0.0.1": "multicast",
      "ff02::1": "multicast",
      "255.255.255.255": "broadcast",
      "64:ff9b::a00:1": "rfc6052",
    };
    for (const [address, range] of Object.entries(refused)) {
      expect(addressRange(address), address).toBe(range);
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ["93.184.215.14", "2606:4700:4700::1111", "::ffff:93.184.215.14"]) expect(isPublicAddress(address), address).toBe(true);
    expect(addressRange("mail.example.com")).toBeNull();
    expect(canonicalAddress("fe80::1%eth0")).toBeNull();
  });
});
