import { describe, expect, it } from "vitest";
import polarisEnglish from "@shopify/polaris/locales/en.json";
import arabic from "../app/i18n/polaris/ar.json";
import persian from "../app/i18n/polaris/fa.json";
import hebrew from "../app/i18n/polaris/he.json";
import { polarisTranslations } from "../app/i18n/polaris";

const flat = (value: unknown, prefix = ""): [string, string][] =>
  Object.entries(value as Record<string, unknown>).flatMap(([key, v]) =>
    typeof v === "object" && v !== null ? flat(v, `${prefix}${key}.`) : [[`${prefix}${key}`, String(v)] as [string, string]],
  );
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const english = new Map(flat(polarisEnglish));

describe("Polaris' own strings in Hebrew, Arabic and Persian", () => {
  for (const [language, overlay] of [["he", hebrew], ["ar", arabic], ["fa", persian]] as const) {
    it(`${language}: every string is one Polaris has, with its placeholders, and reaches the admin`, () => {
      const strings = flat(overlay);
      expect(strings.length).toBeGreaterThan(30);
      for (const [key, text] of strings) {
        expect(english.has(key), key).toBe(true);
        expect(text).not.toBe(english.get(key));
        // The sort and scroll labels leave out {direction}: Polaris passes it as an English word.
        const englishWord = /(sort|nav)AccessibilityLabel$/.test(key);
        const expected = placeholders(english.get(key)!).filter((p) => !(englishWord && p === "direction"));
        expect(placeholders(text), key).toEqual(expected);
      }
      const dictionary = flat(polarisTranslations(language));
      expect(new Map(dictionary).get("Polaris.DataTable.sortAccessibilityLabel")).toBe(new Map(strings).get("Polaris.DataTable.sortAccessibilityLabel"));
      // Everything else still has Polaris' English rather than a missing string.
      expect(dictionary.length).toBe(english.size);
    });
  }
});
