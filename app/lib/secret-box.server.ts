import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { Env } from "./env";

/**
 * Secrets the app must use again later (the shop's SMTP password), sealed at rest with AES-256-GCM
 * under CODETRAIL_ENCRYPTION_KEY (32 random bytes, base64: `openssl rand -base64 32`). Each value
 * gets a fresh 96-bit IV and is bound to a context (the shop id) as associated data, so a sealed
 * value copied to another row does not open. Without a key the deployment's fallback is used (the
 * demo passes in a fixed, public one: app/config.server.ts); with neither, nothing is sealed (the
 * caller refuses to store the secret).
 */

export const ENCRYPTION_KEY_VARIABLE = "CODETRAIL_ENCRYPTION_KEY";

export class EncryptionKeyError extends Error {}

/** The key, else the deployment's fallback (null: none); throws on a malformed key. */
export function encryptionKey(env: Env = process.env, fallback: Buffer | null = null): Buffer | null {
  const configured = env[ENCRYPTION_KEY_VARIABLE]?.trim();
  if (configured) {
    const key = Buffer.from(configured, "base64");
    if (key.length !== 32 || key.toString("base64").replace(/=+$/, "") !== configured.replace(/=+$/, "")) {
      throw new EncryptionKeyError(`${ENCRYPTION_KEY_VARIABLE} must be 32 bytes in base64 (openssl rand -base64 32).`);
    }
    return key;
  }
  return fallback;
}

export function canSeal(fallback: Buffer | null = null, env: Env = process.env): boolean {
  try {
    return encryptionKey(env, fallback) !== null;
  } catch {
    return false;
  }
}

export function seal(plain: string, context: string, fallback: Buffer | null = null, env: Env = process.env): string {
  const key = encryptionKey(env, fallback);
  if (!key) throw new EncryptionKeyError(`Set ${ENCRYPTION_KEY_VARIABLE} to store secrets.`);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), data.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

/** The secret, or null when it cannot be opened (no key, another key or context, tampered). */
export function open(sealed: string, context: string, fallback: Buffer | null = null, env: Env = process.env): string | null {
  const [version, iv, data, tag] = sealed.split(".");
  if (version !== "v1" || !iv || !data || !tag) return null;
  try {
    const key = encryptionKey(env, fallback);
    if (!key) return null;
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
