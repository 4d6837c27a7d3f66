/** The languages CodeTrail speaks. English is the fallback for anything else. */
export const SUPPORTED_LANGUAGES = ["en", "he", "ar", "fa", "th"] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "en";

const RTL: ReadonlySet<Language> = new Set(["he", "ar", "fa"]);

export const LANGUAGE_NAMES: Record<Language, string> = {
  en: "English",
  he: "עברית",
  ar: "العربية",
  fa: "فارسی",
  th: "ไทย",
};

export interface ResolvedLocale {
  /** The full BCP 47 tag used for Intl formatting (keeps the region: he-IL, ar-SA, fa-IR). */
  locale: string;
  language: Language;
  dir: "ltr" | "rtl";
}

/** Maps a locale as Shopify passes it ("he-IL", "ar", "pt-BR") to one CodeTrail speaks. */
export function resolveLocale(requested: string | null | undefined): ResolvedLocale | null {
  if (!requested) return null;
  let tag: string;
  try {
    tag = Intl.getCanonicalLocales(requested.trim().replace("_", "-"))[0];
  } catch {
    return null;
  }
  const language = tag.split("-")[0].toLowerCase() as Language;
  if (!SUPPORTED_LANGUAGES.includes(language)) return null;
  return { locale: tag, language, dir: RTL.has(language) ? "rtl" : "ltr" };
}

export const FALLBACK_LOCALE: ResolvedLocale = { locale: "en", language: "en", dir: "ltr" };
