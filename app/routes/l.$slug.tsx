import type { LoaderFunctionArgs } from "@remix-run/node";
import { isbot } from "isbot";
import { clientAddress, TokenBucketLimiter } from "../lib/rate-limit";
import { PUBLIC_PAGE_HEADERS } from "../lib/security-headers";
import { followTrackingLink } from "../models/tracking-links.server";

/**
 * /l/<slug>: a tracking link's short form. Answers 302 to the store URL (discount code + UTM
 * parameters) and counts the click; bots, link previews and floods are redirected without counting.
 */
const perAddress = new TokenBucketLimiter({ capacity: 30, refillPerSecond: 0.5 });

export const loader = async ({ request, params, context }: LoaderFunctionArgs) => {
  const slug = (params.slug ?? "").toLowerCase();
  const purpose = request.headers.get("Purpose") ?? request.headers.get("Sec-Purpose") ?? "";
  const count = !isbot(request.headers.get("User-Agent") ?? "") && !/prefetch/i.test(purpose) && perAddress.take(clientAddress(request, context));
  const target = await followTrackingLink(slug, { count });
  if (!target) throw new Response("Not Found", { status: 404, headers: { ...PUBLIC_PAGE_HEADERS, "Cache-Control": "no-store" } });
  return new Response(null, {
    status: 302,
    headers: { ...PUBLIC_PAGE_HEADERS, Location: target, "Cache-Control": "private, no-store" },
  });
};
