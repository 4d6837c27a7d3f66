import type { ResolvedLocale } from "../i18n/locales";
import type { Translate } from "../i18n/translate";
import type { LeakSignal } from "./leak-detection";

/**
 * The owner's daily summary (decision 035): what needs attention since the last one — emails to
 * influencers that finally failed, codes that newly look leaked, and what the hourly
 * reconciliation repaired — composed as an email in the owner's language. Pure: the service
 * gathers the facts and sends.
 */

/** The shop-local hour from which the day's summary is due. */
export const SUMMARY_HOUR = 8;
/** Items listed per section; the rest is counted ("and 3 more") and linked. */
export const SUMMARY_LIST_LIMIT = 10;

export interface SummaryFailedSend {
  influencerId: string;
  influencerName: string;
  toEmail: string;
  code: string;
  reason: string | null;
}

export interface SummaryLeak {
  codeId: string;
  code: string;
  influencerName: string;
  signals: LeakSignal[];
}

export type RepairChange = "order" | "refund" | "cancellation" | "update";

export interface SummaryRepairs {
  orders: number;
  refunds: number;
  cancellations: number;
  updates: number;
  /** Order names with what was repaired, the first ones found. */
  examples: { name: string; changes: RepairChange[] }[];
}

export interface SummaryFacts {
  shopName: string;
  /** The shop-local day the summary is sent on. */
  day: string;
  /** The instant the summary covers from (the previous summary's end). */
  since: Date;
  failedSends: SummaryFailedSend[];
  newLeaks: SummaryLeak[];
  repairs: SummaryRepairs;
}

export function repairCount(repairs: SummaryRepairs) {
  return repairs.orders + repairs.refunds + repairs.cancellations + repairs.updates;
}

/** Nothing to report: no email is sent that day. */
export function nothingToReport(facts: Pick<SummaryFacts, "failedSends" | "newLeaks" | "repairs">) {
  return facts.failedSends.length === 0 && facts.newLeaks.length === 0 && repairCount(facts.repairs) === 0;
}

/** Codes flagged now that the previous summary had not reported (a leak is news once). */
export function newlyFlagged<T extends { codeId: string }>(flaggedNow: T[], reportedBefore: readonly string[]): T[] {
  const seen = new Set(reportedBefore);
  return flaggedNow.filter((leak) => !seen.has(leak.codeId));
}

export interface ComposedSummary {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** One sentence per leak signal, the same words as the Leaked codes page. */
function signalSentence(signal: LeakSignal, t: Translate, locale: string) {
  const percent = (share: number) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(share);
  const number = (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n);
  switch (signal.kind) {
    case "coupon":
      return t("leaks.signal.coupon", { share: percent(signal.share), count: signal.couponOrders, total: signal.orders });
    case "spike":
      return t("leaks.signal.spike", { count: signal.lastWeek, factor: `\u2066${number(signal.factor)}×\u2069`, average: number(signal.weeklyAverage) });
    case "audience":
      return t("leaks.signal.audience", { share: percent(signal.share), total: signal.orders });
  }
}

interface Section {
  heading: string;
  items: string[];
  more: number;
  action: string;
  url: string;
}

/**
 * The email: subject, plain text and HTML (dir="rtl" for Hebrew, Arabic and Persian). `adminUrl`
 * turns an app path into a link that opens it inside the Shopify admin.
 */
export function composeDailySummary(
  facts: SummaryFacts,
  options: { resolved: ResolvedLocale; t: Translate; timeZone: string; adminUrl: (path: string) => string },
): ComposedSummary {
  const { resolved, t, timeZone, adminUrl } = options;
  const date = new Intl.DateTimeFormat(resolved.locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${facts.day}T12:00:00Z`));
  const since = new Intl.DateTimeFormat(resolved.locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(facts.since);
  const sections: Section[] = [];
  const listed = <T,>(items: T[]) => ({ shown: items.slice(0, SUMMARY_LIST_LIMIT), more: Math.max(0, items.length - SUMMARY_LIST_LIMIT) });

  if (facts.failedSends.length) {
    const { shown, more } = listed(facts.failedSends);
    sections.push({
      heading: t("summary.mail.failed.heading", { count: facts.failedSends.length }),
      items: shown.map((f) => t("summary.mail.failed.item", { name: f.influencerName, email: f.toEmail, code: f.code, reason: f.reason ?? "—" })),
      more,
      action: t("summary.mail.failed.action"),
      url: adminUrl(shown.length === 1 ? `/app/influencers/${shown[0].influencerId}` : "/app/influencers"),
    });
  }
  if (facts.newLeaks.length) {
    const { shown, more } = listed(facts.newLeaks);
    sections.push({
      heading: t("summary.mail.leaks.heading", { count: facts.newLeaks.length }),
      items: shown.map((leak) =>
        [t("summary.mail.leaks.item", { code: leak.code, name: leak.influencerName }), ...leak.signals.map((s) => signalSentence(s, t, resolved.locale))].join(" — "),
      ),
      more,
      action: t("summary.mail.leaks.action"),
      url: adminUrl("/app/leaks"),
    });
  }
  const repaired = repairCount(facts.repairs);
  if (repaired) {
    const { repairs } = facts;
    const { shown, more } = listed(repairs.examples);
    sections.push({
      heading: t("summary.mail.repairs.heading", {
        count: repaired,
        fixed: t("sync.reconcile.fixed", { orders: repairs.orders, refunds: repairs.refunds, cancellations: repairs.cancellations, updates: repairs.updates }),
      }),
      items: shown.map((r) => `${r.name}: ${r.changes.map((c) => t(`summary.mail.repairs.change.${c}`)).join(", ")}`),
      more,
      action: t("summary.mail.repairs.action"),
      url: adminUrl("/app/sync"),
    });
  }

  const subject = t("summary.mail.subject", { shop: facts.shopName, date });
  const intro = t("summary.mail.intro", { since });
  const off = t("summary.mail.off");
  const settingsUrl = adminUrl("/app/settings/email");

  const text: string[] = [intro, ""];
  for (const section of sections) {
    text.push(section.heading);
    for (const item of section.items) text.push(`- ${item}`);
    if (section.more) text.push(`- ${t("summary.mail.more", { count: section.more })}`);
    text.push(section.action, section.url, "");
  }
  text.push(off, settingsUrl);

  const p = (html: string) => `<p style="margin:0 0 12px">${html}</p>`;
  const link = (url: string, label: string) => `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`;
  const html: string[] = [
    "<!doctype html>",
    `<html lang="${escapeHtml(resolved.locale)}" dir="${resolved.dir}">`,
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>`,
    `<body dir="${resolved.dir}" style="font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Arial,sans-serif;font-size:15px;line-height:1.5;color:#202223;max-width:600px;margin:0 auto;padding:24px">`,
    p(escapeHtml(intro)),
  ];
  for (const section of sections) {
    html.push(`<h2 style="font-size:17px;margin:20px 0 8px">${escapeHtml(section.heading)}</h2>`);
    const items = section.items.map((item) => `<li>${escapeHtml(item)}</li>`);
    if (section.more) items.push(`<li>${escapeHtml(t("summary.mail.more", { count: section.more }))}</li>`);
    html.push(`<ul style="margin:0 0 8px;padding-inline-start:20px">${items.join("")}</ul>`);
    html.push(p(link(section.url, section.action)));
  }
  html.push(`<p style="margin:24px 0 0;font-size:13px;color:#616161">${link(settingsUrl, off)}</p>`, "</body>", "</html>");
  return { subject, text: text.join("\n"), html: html.join("\n") };
}
