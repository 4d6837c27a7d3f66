import polarisEnglish from "@shopify/polaris/locales/en.json";
import polarisThai from "@shopify/polaris/locales/th.json";
import arabic from "./polaris/ar.json";
import persian from "./polaris/fa.json";
import hebrew from "./polaris/he.json";

/**
 * Polaris' own strings (table sort and scroll labels, modal close, pagination, banners' dismiss,
 * loading labels) in the admin's language. Polaris ships Thai but not Hebrew, Arabic or Persian:
 * CodeTrail translates the strings its pages use (app/i18n/polaris/<lang>.json) over Polaris'
 * English, so a screen reader in Hebrew does not hear English. DataTable passes its sort and scroll
 * directions to the labels as English words, so the translated labels name the action ("change
 * sorting by", "scroll the table one column") instead of spelling a direction.
 */
type Dictionary = typeof polarisEnglish;

function overlay<T>(base: T, top: unknown): T {
  if (typeof base !== "object" || base === null || typeof top !== "object" || top === null) return (top ?? base) as T;
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(top)) merged[key] = overlay((base as Record<string, unknown>)[key], value);
  return merged as T;
}

const DICTIONARIES: Record<string, Dictionary> = {
  th: polarisThai,
  he: overlay(polarisEnglish, hebrew),
  ar: overlay(polarisEnglish, arabic),
  fa: overlay(polarisEnglish, persian),
};

export function polarisTranslations(locale: string): Dictionary {
  return DICTIONARIES[locale.split("-")[0]!] ?? polarisEnglish;
}
