import { createHmac, randomUUID } from "node:crypto";

/**
 * A checkout UI extension's session token as Shopify issues it (shopify.sessionToken.get() in the
 * thank-you and order-status targets): an HS256 JWT signed with the app's API secret, `aud` the
 * API key, `dest` the shop, valid for five minutes. The demo's survey preview uses it to call the
 * app's real survey endpoints, which verify it exactly as they verify Shopify's (decision 028).
 */
export function checkoutSessionToken(options: { shopDomain: string; apiKey: string; apiSecret: string; now: Date; customerId?: bigint | null }): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const iat = Math.floor(options.now.getTime() / 1000);
  const header = b64({ alg: "HS256", typ: "JWT" });
  const claims = b64({
    iss: `https://${options.shopDomain}/admin`,
    dest: `https://${options.shopDomain}`,
    aud: options.apiKey,
    ...(options.customerId ? { sub: `gid://shopify/Customer/${options.customerId}` } : {}),
    exp: iat + 300,
    nbf: iat - 1,
    iat,
    jti: randomUUID(),
  });
  const signature = createHmac("sha256", options.apiSecret).update(`${header}.${claims}`).digest("base64url");
  return `${header}.${claims}.${signature}`;
}
