import { createHmac, timingSafeEqual } from "node:crypto";
import { SHOP_DOMAIN } from "./pixel-events";

/**
 * The session token a checkout or customer-account UI extension sends (`shopify.sessionToken.get()`),
 * checked as Shopify's own libraries check it: a JWT signed HS256 with the app's API secret, for
 * this app (`aud` = API key), naming the shop in `dest`, within `nbf`/`exp` (a few seconds of leeway
 * for clock skew). The time is an argument: tests move it (decision 015). `sub`, when the buyer is
 * signed in, is their customer gid. Decision 028.
 */

export interface ExtensionToken {
  shopDomain: string;
  customerId: bigint | null;
}

export type TokenCheck = { ok: true; token: ExtensionToken } | { ok: false; reason: string };

export interface TokenKeys {
  apiKey: string;
  secret: string;
}

/** Seconds of clock skew tolerated on `exp` and `nbf` (Shopify's libraries allow 5). */
export const TOKEN_LEEWAY_SECONDS = 5;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The shop's myshopify domain from `dest` ("https://shop.myshopify.com" or "shop.myshopify.com"). */
function shopFromDest(dest: unknown): string | null {
  if (typeof dest !== "string") return null;
  let host = dest;
  if (dest.includes("://")) {
    try {
      const url = new URL(dest);
      if (url.protocol !== "https:") return null;
      host = url.hostname;
    } catch {
      return null;
    }
  }
  host = host.toLowerCase();
  return SHOP_DOMAIN.test(host) ? host : null;
}

function customerFromSub(sub: unknown): bigint | null {
  if (typeof sub !== "string") return null;
  const match = /^gid:\/\/shopify\/Customer\/(\d{1,19})$/.exec(sub);
  if (!match) return null;
  const id = BigInt(match[1]);
  return id > 0n && id < 2n ** 63n ? id : null;
}

/** Verifies `Authorization: Bearer <token>` at `nowMs`. Never throws. */
export function verifyExtensionToken(authorization: string | null, keys: TokenKeys, nowMs: number): TokenCheck {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? "");
  if (!match) return { ok: false, reason: "missing bearer token" };
  const parts = match[1].split(".");
  if (parts.length !== 3 || !parts.every((p) => BASE64URL.test(p))) return { ok: false, reason: "malformed token" };
  const [headerPart, payloadPart, signaturePart] = parts;
  const header = decodeJson(headerPart);
  if (!header || header.alg !== "HS256") return { ok: false, reason: "token not signed with HS256" };
  const expected = createHmac("sha256", keys.secret).update(`${headerPart}.${payloadPart}`).digest();
  const given = Buffer.from(signaturePart, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad signature" };
  const claims = decodeJson(payloadPart);
  if (!claims) return { ok: false, reason: "malformed claims" };
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(keys.apiKey)) return { ok: false, reason: "token is for another app" };
  const now = nowMs / 1000;
  if (typeof claims.exp !== "number" || claims.exp + TOKEN_LEEWAY_SECONDS < now) return { ok: false, reason: "token expired" };
  if (claims.nbf !== undefined && (typeof claims.nbf !== "number" || claims.nbf - TOKEN_LEEWAY_SECONDS > now)) {
    return { ok: false, reason: "token not yet valid" };
  }
  const shopDomain = shopFromDest(claims.dest);
  if (!shopDomain) return { ok: false, reason: "token names no shop" };
  return { ok: true, token: { shopDomain, customerId: customerFromSub(claims.sub) } };
}
