import { createHmac, randomUUID } from "node:crypto";

/** The shop whose admin pages the benchmark loads (seeded by prepare.ts with an offline session). */
export const REPORT_SHOP_DOMAIN = "bench-report.myshopify.com";

const base64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

/**
 * A session token as App Bridge sends it with every request of an embedded app: a JWT (HS256)
 * signed with the app's secret, for the app (aud = API key) and the shop (dest). The servers check
 * it exactly as they would in the Shopify admin.
 */
export function sessionToken({ apiKey, secret, shop = REPORT_SHOP_DOMAIN }: { apiKey: string; secret: string; shop?: string }): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(
    JSON.stringify({
      iss: `https://${shop}/admin`,
      dest: `https://${shop}`,
      aud: apiKey,
      sub: "1",
      exp: now + 60,
      nbf: now - 5,
      iat: now,
      jti: randomUUID(),
      sid: randomUUID(),
    }),
  );
  const signature = base64url(createHmac("sha256", secret).update(`${header}.${payload}`).digest());
  return `${header}.${payload}.${signature}`;
}
