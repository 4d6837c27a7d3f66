import { AppProvider, DataTable } from "@shopify/polaris";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { IntlProvider } from "react-intl";
import { describe, expect, it } from "vitest";
import { KpiCard } from "../app/components/reports/ReportPage";
import { Figure } from "../app/components/reports/ReportParts";
import { MESSAGES } from "../app/i18n/messages";
import { polarisTranslations } from "../app/i18n/polaris";
import { useFormat } from "../app/i18n/use-i18n";
import { formatMoney } from "../app/lib/money";

const RLM = "\u200f";
const NBSP = "\u00a0";

/** A headline card and a report table cell showing the same amount, rendered in a locale. */
function cardAndCell(locale: "he" | "ar-SA" | "en", amount: string) {
  function Both() {
    const f = useFormat();
    const value = f.money(amount, "USD");
    return createElement(
      "div",
      null,
      createElement(KpiCard, { label: "reports.col.netSales", help: null, kpi: "netSales", value }),
      createElement(DataTable, {
        columnContentTypes: ["text", "numeric"],
        headings: ["A", "B"],
        rows: [["x", createElement(Figure, { children: value }) as ReactNode]],
      }),
    );
  }
  const language = locale.split("-")[0] as "he" | "ar" | "en";
  const html = renderToString(
    createElement(
      IntlProvider,
      { locale, messages: MESSAGES[language], defaultLocale: "en" },
      createElement(AppProvider, { i18n: polarisTranslations(locale) } as never, createElement(Both)),
    ),
  );
  const card = html.match(/<bdi data-kpi="netSales">([^<]*)<\/bdi>/)?.[1];
  const cell = [...html.matchAll(/<bdi>([^<]*)<\/bdi>/g)].map((m) => m[1]).at(-1);
  return { card, cell, html };
}

describe("money", () => {
  it("is written by Intl in the reader's locale: Hebrew and Arabic as their readers write it", () => {
    expect(formatMoney("35551.54", "USD", "he")).toBe(`${RLM}35,551.54${NBSP}${RLM}$`);
    expect(formatMoney("3502.85", "USD", "he-IL")).toBe(`${RLM}3,502.85${NBSP}${RLM}$`);
    expect(formatMoney("35551.54", "USD", "ar")).toBe(`${RLM}35,551.54${NBSP}US$`);
    expect(formatMoney("35551.54", "USD", "ar-SA")).toBe(`${RLM}٣٥٬٥٥١٫٥٤${NBSP}US$`);
    expect(formatMoney("35551.54", "ILS", "he")).toBe(`${RLM}35,551.54${NBSP}${RLM}₪`);
  });

  it("is exact for any sum (a decimal string to Intl, never a float)", () => {
    expect(formatMoney("900719925474099.93", "USD", "en")).toBe("$900,719,925,474,099.93");
    expect(formatMoney("-0.10", "USD", "en")).toBe("-$0.10");
  });

  it.each([["he"], ["ar-SA"], ["en"]] as const)("reads the same on a card and in a table cell (%s), no direction forced on it", (locale) => {
    const { card, cell, html } = cardAndCell(locale, "35551.54");
    expect(card).toBe(formatMoney("35551.54", "USD", locale));
    expect(cell).toBe(card);
    // Nothing wraps the figures in a left-to-right island ("$ 35,551.54" on cards, "3,502.85$" in tables).
    expect(html).not.toMatch(/dir="ltr"|\u2066/);
  });
});
