import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { resolveLocale, SUPPORTED_LANGUAGES } from "../app/i18n/locales";
import { MESSAGES } from "../app/i18n/messages";

const englishKeys = Object.keys(MESSAGES.en).sort();

/** The names of every argument a parsed ICU message uses (including inside plural branches). */
function argumentNames(nodes: unknown[], names = new Set<string>()): Set<string> {
  for (const node of nodes as { value?: unknown; options?: Record<string, { value: unknown[] }> }[]) {
    if (typeof node.value === "string" && "type" in node && (node as { type: number }).type !== 0) names.add(node.value);
    for (const option of Object.values(node.options ?? {})) argumentNames(option.value, names);
  }
  return names;
}

describe("translations", () => {
  it.each(SUPPORTED_LANGUAGES.map((l) => [l]))("%s has every key English has, and no other", (language) => {
    expect(Object.keys(MESSAGES[language]).sort()).toEqual(englishKeys);
  });

  it.each(SUPPORTED_LANGUAGES.map((l) => [l]))("%s messages are valid ICU and format without raw keys", (language) => {
    for (const [key, message] of Object.entries(MESSAGES[language])) {
      expect(message.trim(), `${language} ${key} is empty`).not.toBe("");
      expect(message, `${language} ${key} is its own key`).not.toBe(key);
      const format = new IntlMessageFormat(message, language);
      const values = Object.fromEntries([...argumentNames(format.getAst())].map((name) => [name, 2]));
      const formatted = format.format(values);
      expect(String(formatted)).not.toMatch(/[{}]/);
    }
  });

  it("uses each language's plural rules", () => {
    const format = (language: "en" | "he" | "ar", days: number) =>
      new IntlMessageFormat(MESSAGES[language]["overview.subtitle"]!, language).format({ days, from: "A", to: "B" });
    expect(format("en", 1)).toBe("Last 1 day (A to B)");
    expect(format("en", 30)).toBe("Last 30 days (A to B)");
    expect(format("he", 2)).toContain("היומיים האחרונים");
    expect(format("ar", 2)).toContain("آخر يومين");
    expect(format("ar", 3)).toContain("آخر 3 أيام");
  });

  it("counts in the singular when there is one (no '1 missed orders')", () => {
    const en = (key: string, values: Record<string, unknown>) => String(new IntlMessageFormat(MESSAGES.en[key as keyof typeof MESSAGES.en]!, "en").format(values));
    expect(en("sync.reconcile.fixed", { orders: 1, refunds: 1, cancellations: 2, updates: 0 })).toBe("1 missed order, 1 refund, 2 cancellations, 0 other changes");
    expect(en("leaks.signal.spike", { count: 1, factor: "3×", average: "0.3" })).toBe("1 order in the last 7 days, 3× the usual 0.3 a week");
    expect(en("activity.subtitle", { count: 1, timezone: "UTC" })).toBe("The latest delivery from Shopify (times in UTC)");
    const ar = String(new IntlMessageFormat(MESSAGES.ar["sync.reconcile.fixed"]!, "ar").format({ orders: 2, refunds: 3, cancellations: 11, updates: 0 }));
    expect(ar).toBe("طلبان فائتان، 3 استردادات، 11 إلغاءً، لا تغييرات أخرى");
  });
});

/** Arguments used as plurals (`{n, plural, …}`), however deep. */
function pluralArguments(nodes: unknown[], names = new Set<string>()): Set<string> {
  for (const node of nodes as { type: number; value?: unknown; options?: Record<string, { value: unknown[] }> }[]) {
    if (node.type === 6 && typeof node.value === "string") names.add(node.value);
    for (const option of Object.values(node.options ?? {})) pluralArguments(option.value, names);
  }
  return names;
}

/** Arguments that are names, links or amounts, never counts ("{name} gets", "{value} vs"). */
const NOT_COUNTS = new Set(["name", "url", "value", "shop", "code", "amount"]);

/** "{count} clicks": a bare argument followed by an English plural noun, outside any plural. */
function barePluralCounts(nodes: unknown[]): string[] {
  const found: string[] = [];
  const list = nodes as { type: number; value?: unknown }[];
  list.forEach((node, i) => {
    const next = list[i + 1];
    if ((node.type === 1 || node.type === 2) && !NOT_COUNTS.has(String(node.value)) && next?.type === 0 && typeof next.value === "string") {
      const word = /^ ([a-z]+s)\b/.exec(next.value)?.[1];
      if (word && !/(ss|us|is|ys)$/.test(word) && !["was", "has", "is", "this", "its", "as"].includes(word)) found.push(`{${String(node.value)}} ${word}`);
    }
  });
  return found;
}

describe("plurals", () => {
  it("English never puts a count before a plural noun outside a plural ('1 clicks')", () => {
    const offenders = Object.entries(MESSAGES.en).flatMap(([key, message]) =>
      barePluralCounts(new IntlMessageFormat(message, "en").getAst()).map((found) => `${key}: ${found}`),
    );
    expect(offenders).toEqual([]);
  });

  it.each((["he", "ar"] as const).map((l) => [l]))("%s keeps every plural English has (two and few are words of their own)", (language) => {
    const missing: string[] = [];
    for (const [key, message] of Object.entries(MESSAGES.en)) {
      const english = pluralArguments(new IntlMessageFormat(message, "en").getAst());
      if (english.size === 0) continue;
      const translated = pluralArguments(new IntlMessageFormat(MESSAGES[language][key as keyof typeof MESSAGES.en]!, language).getAst());
      for (const name of english) if (!translated.has(name)) missing.push(`${key}: ${name}`);
    }
    expect(missing).toEqual([]);
  });
});

describe("locale resolution", () => {
  it("maps Shopify's locales to the languages CodeTrail speaks, keeping the region for formatting", () => {
    expect(resolveLocale("he-IL")).toEqual({ locale: "he-IL", language: "he", dir: "rtl" });
    expect(resolveLocale("fa")).toEqual({ locale: "fa", language: "fa", dir: "rtl" });
    expect(resolveLocale("th-TH")).toEqual({ locale: "th-TH", language: "th", dir: "ltr" });
    expect(resolveLocale("ar_SA")).toEqual({ locale: "ar-SA", language: "ar", dir: "rtl" });
  });

  it("falls back (null) for languages it does not speak and for garbage", () => {
    expect(resolveLocale("de-DE")).toBeNull();
    expect(resolveLocale("not a locale!")).toBeNull();
    expect(resolveLocale(undefined)).toBeNull();
  });
});
