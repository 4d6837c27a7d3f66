import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";

/**
 * Portal link tokens (docs/decisions/008-influencer-portal-and-tracking.md):
 * - 32 random bytes (256 bits), base64url: 43 characters, unguessable;
 * - looked up by SHA-256 (hex) only: a database leak does not reveal working links;
 * - kept sealed with AES-256-GCM under a key derived (HKDF-SHA256) from the secret the caller passes
 *   (app/config.server.ts's portalSecret: CODETRAIL_PORTAL_KEY, else the app's API secret), bound to
 *   the influencer id, so the owner can copy the link again.
 */

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newPortalToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashPortalToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

function sealingKey(secret: string): Buffer {
  if (!secret) throw new Error("Set CODETRAIL_PORTAL_KEY (or SHOPIFY_API_SECRET) to seal portal links.");
  return Buffer.from(hkdfSync("sha256", secret, "codetrail", "portal-token-v1", 32));
}

export function sealPortalToken(token: string, influencerId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(secret), iv);
  cipher.setAAD(Buffer.from(influencerId, "utf8"));
  const sealed = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), sealed.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

/** The token, or null when it cannot be opened (another key, another influencer, tampered). */
export function openPortalToken(sealed: string, influencerId: string, secret: string): string | null {
  const [version, iv, data, tag] = sealed.split(".");
  if (version !== "v1" || !iv || !data || !tag) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", sealingKey(secret), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(influencerId, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const token = Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
    return TOKEN_PATTERN.test(token) ? token : null;
  } catch {
    return null;
  }
}

export function portalUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/+$/, "")}/portal/${token}`;
}
