import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { appConfig } from "../config.server";
import { parseForm } from "../lib/form-validation";
import { trackingLinkSchema } from "../lib/forms/tracking-link";
import { invalid, notFound, saved } from "../lib/http.server";
import { shortLink } from "../lib/tracking-links";
import { campaignOptions } from "../models/campaigns.server";
import { influencerCodeOptions, influencerExists } from "../models/influencers.server";
import { createTrackingLink, deleteTrackingLink, listTrackingLinks } from "../models/tracking-links.server";
import { requireAdmin } from "../services/admin-context.server";

/**
 * Resource route behind TrackingLinksCard: the influencer's tracking links with their funnel
 * (clicks, visits, checkouts, orders, net sales; GET), creating (intent=create) and deleting (intent=delete) them. Owner only, scoped by shop.
 */

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const id = params.id ?? "";
  if (!(await influencerExists(shop.id, id))) notFound();
  const appUrl = appConfig().appUrl;
  const [links, codes, campaigns] = await Promise.all([
    listTrackingLinks(shop, id),
    influencerCodeOptions(shop.id, id),
    campaignOptions(shop.id),
  ]);
  return {
    links: links.map((l) => ({ ...l, shortUrl: shortLink(appUrl, l.slug) })),
    codes,
    campaigns,
    currency: shop.currencyCode,
  };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const id = params.id ?? "";
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "create") {
    const parsed = parseForm(trackingLinkSchema, form);
    if (!parsed.ok) return invalid(intent, parsed.fieldErrors, "validation.form");
    const result = (await createTrackingLink(shop, id, parsed.data)) ?? notFound();
    if (!result.ok) return invalid(intent, result.fieldErrors, "validation.form");
    return saved(intent, { slug: result.link.slug, shortUrl: shortLink(appConfig().appUrl, result.link.slug) });
  }
  if (intent === "delete") {
    return (await deleteTrackingLink(shop.id, id, String(form.get("linkId") ?? ""))) ? saved(intent) : notFound();
  }
  throw new Response("Unknown intent", { status: 400 });
};
