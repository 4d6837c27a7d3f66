import prisma from "../db.server";
import { appConfig } from "../config.server";
import { systemClock, type Clock } from "../lib/clock";
import { verifyExtensionToken, type TokenKeys } from "../lib/extension-token.server";
import { BODY_REFUSED_HEADERS, BodyTooLarge, readRequestText } from "../lib/request-body.server";
import { clientAddress, TokenBucketLimiter, type PeerContext } from "../lib/rate-limit";
import { issueText, MAX_SURVEY_BODY, surveyPayloadSchema } from "../lib/survey";
import { hasSurveyAnswer, surveyInfluencers } from "../models/survey.server";
import { recordSurveyAnswer } from "./survey-credit.server";

/**
 * The survey extension's backend (decision 028): `GET /survey/options` (is the survey on, was this
 * order answered, the shop's influencers) and `POST /survey` (store the answer). Both need the
 * extension's session token, verified like Shopify's (app/lib/extension-token.server.ts), for an
 * installed shop; a refused token is answered 401 before the body is read and nothing is stored.
 * Answers: 204 preflight · 401 token · 429 rate limit · 413 body over 4 KB · 400 malformed or the
 * wrong shape (with a reason) · 403 survey off · 409 the order was answered already · 201 stored.
 */

export const SURVEY_CORS_HEADERS = {
  // Extensions run in a worker on Shopify's CDN origin; the token, not a cookie, authenticates.
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
  "Access-Control-Allow-Headers": "Authorization, Content-Type",
  "Access-Control-Max-Age": "86400",
  Vary: "Origin",
};

export interface SurveyEndpointOptions {
  clock?: Clock;
  keys?: () => TokenKeys;
}

function json(status: number, outcome: string, body: Record<string, unknown> = {}, extra: Record<string, string> = {}) {
  return new Response(status === 204 ? null : JSON.stringify({ outcome, ...body }), {
    status,
    headers: { ...SURVEY_CORS_HEADERS, "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", "X-CodeTrail-Outcome": outcome, ...extra },
  });
}

const defaultKeys = (): TokenKeys => {
  const config = appConfig();
  return { apiKey: config.apiKey, secret: config.apiSecret };
};

export function createSurveyEndpoint({ clock = systemClock, keys = defaultKeys }: SurveyEndpointOptions = {}) {
  const perAddress = new TokenBucketLimiter({ capacity: 30, refillPerSecond: 1, clock });
  const perShop = new TokenBucketLimiter({ capacity: 120, refillPerSecond: 5, clock });

  /** The verified, installed shop of the request, or the Response refusing it. */
  async function authenticate(request: Request, context?: PeerContext) {
    if (!perAddress.take(clientAddress(request, context))) return json(429, "rate-limited");
    const check = verifyExtensionToken(request.headers.get("Authorization"), keys(), clock.now());
    if (!check.ok) return json(401, "unauthorized", { reason: check.reason });
    if (!perShop.take(check.token.shopDomain)) return json(429, "rate-limited");
    const shop = await prisma.shop.findUnique({
      where: { domain: check.token.shopDomain },
      select: { id: true, surveyEnabled: true, uninstalledAt: true },
    });
    if (!shop || shop.uninstalledAt) return json(401, "unauthorized", { reason: "shop not installed" });
    return { shop, customerId: check.token.customerId };
  }

  async function options(request: Request, context?: PeerContext): Promise<Response> {
    if (request.method === "OPTIONS") return json(204, "preflight");
    if (request.method !== "GET") return json(405, "method");
    const auth = await authenticate(request, context);
    if (auth instanceof Response) return auth;
    if (!auth.shop.surveyEnabled) return json(200, "disabled", { enabled: false, answered: false, influencers: [] });
    const order = new URL(request.url).searchParams.get("order");
    if (order !== null && !/^[1-9]\d{0,18}$/.test(order)) return json(400, "shape", { reason: "order must be Shopify's numeric order id" });
    const [answered, influencers] = await Promise.all([
      order && BigInt(order) < 2n ** 63n ? hasSurveyAnswer(auth.shop.id, BigInt(order)) : false,
      surveyInfluencers(auth.shop.id),
    ]);
    return json(200, "enabled", {
      enabled: true,
      answered,
      influencers: influencers.map((i) => ({ id: i.influencerId, name: i.name, handles: i.handles })),
    });
  }

  async function submit(request: Request, context?: PeerContext): Promise<Response> {
    if (request.method === "OPTIONS") return json(204, "preflight");
    if (request.method !== "POST") return json(405, "method");
    const auth = await authenticate(request, context);
    if (auth instanceof Response) return auth;
    let body: string;
    try {
      body = await readRequestText(request, MAX_SURVEY_BODY);
    } catch (error) {
      if (error instanceof BodyTooLarge) return json(413, "too-large", {}, BODY_REFUSED_HEADERS);
      throw error;
    }
    let parsedJson: unknown;
    try {
      parsedJson = JSON.parse(body);
    } catch {
      return json(400, "malformed", { reason: "the body is not JSON" });
    }
    const parsed = surveyPayloadSchema.safeParse(parsedJson);
    if (!parsed.success) return json(400, "shape", { reason: issueText(parsed.error) });
    if (!auth.shop.surveyEnabled) return json(403, "disabled", { reason: "the shop has the survey turned off" });
    const stored = await recordSurveyAnswer(auth.shop.id, parsed.data, auth.customerId);
    if (!stored.stored) {
      return stored.reason === "answered"
        ? json(409, "answered", { reason: "this order was answered already" })
        : json(400, "shape", { reason: "influencerId is not one of the shop's influencers" });
    }
    return json(201, "stored", { id: stored.id });
  }

  return { options, submit };
}

export const surveyEndpoint = createSurveyEndpoint();
