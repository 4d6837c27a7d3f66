import prisma from "../db.server";
import type { DiscountMinimum, DiscountValueType, Platform } from "../generated/prisma/enums";
import { FALLBACK_LOCALE, resolveLocale, type ResolvedLocale } from "../i18n/locales";
import type { MessageKey } from "../i18n/messages";
import { translator } from "../i18n/translate";
import { appConfig, portalSecret } from "../config.server";
import { portalUrl } from "../lib/portal-token.server";
import { formatMoney } from "../lib/money";
import { shortLink } from "../lib/tracking-links";
import { portalLinkState } from "../models/portal.server";
import { listTrackingLinks } from "../models/tracking-links.server";
import { shareableLink } from "./discount-codes.server";

/**
 * What an influencer receives with their code: an email (plain text and HTML) and a direct message
 * for Instagram or TikTok, in the influencer's language (Influencer.language, else the shop's Shop.primaryLocale, else English), from the
 * catalogue's outreach.* messages.
 */

export interface OutreachCode {
  id?: string;
  code: string;
  valueType: DiscountValueType;
  value: { toString(): string };
  minimumRequirement: DiscountMinimum;
  minimumValue: { toString(): string } | null;
  startsAt: Date;
  endsAt: Date | null;
}

export interface OutreachLink {
  platform: Platform;
  url: string;
}

export interface OutreachMaterial {
  shop: { name: string; domain: string; currencyCode: string; ianaTimezone: string; primaryLocale: string };
  /** `language`: theirs (en, he, ar, fa, th), else the store's. */
  influencer: { name: string; language?: string | null };
  code: OutreachCode;
  /** The store link that applies the code (Shopify's /discount/<code>). */
  shopLink: string;
  /** The influencer's tracking links for this code, one per platform (optional). */
  trackingLinks?: OutreachLink[];
  /** The influencer's live-stats page (portal), when they have an active link (optional). */
  portalUrl?: string | null;
}

export interface ComposedEmail {
  locale: string;
  dir: "ltr" | "rtl";
  subject: string;
  text: string;
  html: string;
}

/** Instagram's direct-message limit is 1,000 characters; TikTok's is larger. */
export const DM_MAX_LENGTH = 1000;
export const DM_PLATFORMS = ["INSTAGRAM", "TIKTOK"] as const satisfies readonly Platform[];
export type DmPlatform = (typeof DM_PLATFORMS)[number];

/** The language a message to the influencer is written in: theirs when set, else the store's. */
export function materialLocale(material: Pick<OutreachMaterial, "shop" | "influencer">): ResolvedLocale {
  return resolveLocale(material.influencer.language) ?? shopLocale(material.shop.primaryLocale);
}

export function shopLocale(primaryLocale: string | null | undefined): ResolvedLocale {
  return resolveLocale(primaryLocale) ?? FALLBACK_LOCALE;
}

/** The sentences describing the offer: amount off, minimum, dates. */
function offerSentences(material: OutreachMaterial, resolved: ResolvedLocale, now: Date) {
  const t = translator(resolved);
  const { code, shop } = material;
  const money = (value: { toString(): string }) => formatMoney(value.toString(), shop.currencyCode, resolved.locale);
  const amount =
    code.valueType === "PERCENTAGE"
      ? new Intl.NumberFormat(resolved.locale, { style: "percent", maximumFractionDigits: 2 }).format(Number(code.value.toString()) / 100)
      : money(code.value);
  const date = (d: Date) => new Intl.DateTimeFormat(resolved.locale, { dateStyle: "long", timeZone: shop.ianaTimezone }).format(d);
  const offer = t("outreach.mail.offer", { amount });
  let minimum: string | null = null;
  if (code.minimumRequirement === "SUBTOTAL" && code.minimumValue) minimum = t("outreach.mail.minSubtotal", { amount: money(code.minimumValue) });
  if (code.minimumRequirement === "QUANTITY" && code.minimumValue) minimum = t("outreach.mail.minQuantity", { count: Number(code.minimumValue.toString()) });
  const future = code.startsAt.getTime() > now.getTime();
  let validity: string | null = null;
  if (future && code.endsAt) validity = t("outreach.mail.validBetween", { start: date(code.startsAt), end: date(code.endsAt) });
  else if (future) validity = t("outreach.mail.validFrom", { start: date(code.startsAt) });
  else if (code.endsAt) validity = t("outreach.mail.validUntil", { end: date(code.endsAt) });
  return { amount, offer, minimum, validity };
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

function linkHtml(url: string) {
  const safe = escapeHtml(url);
  return `<a href="${safe}" dir="ltr">${safe}</a>`;
}

/** The email: subject, plain text and HTML (dir="rtl" for Hebrew, Arabic and Persian). */
export function composeEmail(material: OutreachMaterial, now = new Date()): ComposedEmail {
  const resolved = materialLocale(material);
  const t = translator(resolved);
  const { shop, influencer, code } = material;
  const offer = offerSentences(material, resolved, now);
  const links = material.trackingLinks ?? [];
  const subject = t("outreach.mail.subject", { shop: shop.name, code: code.code });
  const details = [offer.offer, offer.minimum, offer.validity].filter((s): s is string => Boolean(s));

  const text: string[] = [
    t("outreach.mail.greeting", { name: influencer.name }),
    "",
    t("outreach.mail.intro", { shop: shop.name }),
    "",
    `    ${code.code}`,
    "",
    details.join(" "),
    "",
    t("outreach.mail.shopLink"),
    material.shopLink,
  ];
  if (links.length > 0) {
    text.push("", t("outreach.mail.trackingLinks"));
    for (const link of links) text.push(`${t(`platform.${link.platform}` as MessageKey)}: ${link.url}`);
  }
  if (material.portalUrl) text.push("", t("outreach.mail.portal"), material.portalUrl);
  text.push("", t("outreach.mail.thanks"), shop.name);

  const p = (html: string) => `<p style="margin:0 0 16px">${html}</p>`;
  const html: string[] = [
    "<!doctype html>",
    `<html lang="${escapeHtml(resolved.locale)}" dir="${resolved.dir}">`,
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>`,
    `<body dir="${resolved.dir}" style="font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Arial,sans-serif;font-size:16px;line-height:1.5;color:#202223;max-width:560px;margin:0 auto;padding:24px">`,
    p(escapeHtml(t("outreach.mail.greeting", { name: influencer.name }))),
    p(escapeHtml(t("outreach.mail.intro", { shop: shop.name }))),
    `<p style="margin:0 0 16px;font-size:28px;font-weight:700;letter-spacing:2px;font-family:Menlo,Consolas,monospace"><bdi dir="ltr">${escapeHtml(code.code)}</bdi></p>`,
    p(details.map(escapeHtml).join(" ")),
    p(`${escapeHtml(t("outreach.mail.shopLink"))}<br>${linkHtml(material.shopLink)}`),
  ];
  if (links.length > 0) {
    html.push(p(escapeHtml(t("outreach.mail.trackingLinks"))));
    html.push(
      `<ul style="margin:0 0 16px;padding-inline-start:20px">${links
        .map((link) => `<li>${escapeHtml(t(`platform.${link.platform}` as MessageKey))}: ${linkHtml(link.url)}</li>`)
        .join("")}</ul>`,
    );
  }
  if (material.portalUrl) html.push(p(`${escapeHtml(t("outreach.mail.portal"))}<br>${linkHtml(material.portalUrl)}`));
  html.push(p(`${escapeHtml(t("outreach.mail.thanks"))}<br>${escapeHtml(shop.name)}`), "</body>", "</html>");

  return { locale: resolved.locale, dir: resolved.dir, subject, text: text.join("\n"), html: html.join("\n") };
}

/**
 * The same content as a direct message: plain text, no HTML, at most DM_MAX_LENGTH characters.
 * It carries the tracking link for that platform when there is one (else the store link), then
 * the live-stats link; when too long, the least important parts go first.
 */
export function composeDirectMessage(material: OutreachMaterial, platform: DmPlatform, now = new Date()): string {
  const resolved = materialLocale(material);
  const t = translator(resolved);
  const offer = offerSentences(material, resolved, now);
  const link = material.trackingLinks?.find((l) => l.platform === platform)?.url ?? material.shopLink;
  const parts = {
    hello: t("outreach.dm.hello", { name: material.influencer.name, shop: material.shop.name, code: material.code.code, amount: offer.amount }),
    minimum: offer.minimum,
    validity: offer.validity,
    link: t("outreach.dm.link", { url: link }),
    portal: material.portalUrl ? t("outreach.dm.portal", { url: material.portalUrl }) : null,
  };
  const build = (p: typeof parts) =>
    [p.hello, [p.minimum, p.validity].filter(Boolean).join(" "), p.link, p.portal].filter((s) => s && s.length > 0).join("\n\n");
  let message = build(parts);
  for (const drop of ["validity", "minimum", "portal"] as const) {
    if (message.length <= DM_MAX_LENGTH) break;
    message = build({ ...parts, [drop]: null, ...(drop === "portal" ? { validity: null, minimum: null } : {}) });
  }
  return message.length <= DM_MAX_LENGTH ? message : `${message.slice(0, DM_MAX_LENGTH - 1)}…`;
}

export type MaterialResult =
  | { ok: true; material: OutreachMaterial; email: string | null; influencerId: string; codeId: string }
  | { ok: false; reason: "notFound" }
  | { ok: false; reason: "noCode" };

/** Codes an influencer can be sent: active or scheduled, not ended. */
export function sendableCodes(shopId: string, influencerId: string) {
  return prisma.discountCode.findMany({
    where: { shopId, influencerId, status: { in: ["ACTIVE", "SCHEDULED"] }, OR: [{ endsAt: null }, { endsAt: { gt: new Date() } }] },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
}

/**
 * Everything a message needs, from the database: the influencer, the code (the one asked for, else
 * their newest sendable code, else one of a campaign when `campaignId` is given), their tracking
 * links for that code (short /l/ links) and their portal link when it is active. A revoked or
 * never-created portal link is left out: sending never creates one.
 */
export async function loadOutreachMaterial(
  shop: { id: string; name: string; domain: string; currencyCode: string; ianaTimezone: string; primaryLocale: string },
  influencerId: string,
  options: { codeId?: string | null; campaignId?: string | null } = {},
): Promise<MaterialResult> {
  const influencer = await prisma.influencer.findFirst({ where: { id: influencerId, shopId: shop.id }, select: { id: true, name: true, email: true, language: true } });
  if (!influencer) return { ok: false, reason: "notFound" };
  const codes = await sendableCodes(shop.id, influencer.id);
  const code =
    (options.codeId ? codes.find((c) => c.id === options.codeId) : undefined) ??
    (options.codeId ? undefined : (options.campaignId ? codes.find((c) => c.campaignId === options.campaignId) : undefined) ?? codes[0]);
  if (!code) return { ok: false, reason: "noCode" };
  const appUrl = appConfig().appUrl;
  const [links, portal] = await Promise.all([listTrackingLinks(shop, influencer.id), portalLinkState(shop.id, influencer.id, portalSecret())]);
  const seen = new Set<Platform>();
  const trackingLinks: OutreachLink[] = [];
  // Newest first: one link per platform for this code.
  for (const link of links) {
    if (link.code !== code.code || seen.has(link.platform)) continue;
    seen.add(link.platform);
    trackingLinks.push({ platform: link.platform, url: shortLink(appUrl, link.slug) });
  }
  return {
    ok: true,
    influencerId: influencer.id,
    codeId: code.id,
    email: influencer.email,
    material: {
      shop,
      influencer: { name: influencer.name, language: influencer.language },
      code,
      shopLink: shareableLink(shop.domain, code.code),
      trackingLinks,
      portalUrl: portal.state === "active" && portal.token ? portalUrl(appUrl, portal.token) : null,
    },
  };
}
